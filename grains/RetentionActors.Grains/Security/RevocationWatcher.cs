using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RetentionActors.Grains.Security;

/// <summary>
/// Every <see cref="Interval"/>, asks the database which terminal credentials were revoked, so a revoked
/// terminal is refused on every silo within seconds. One query per silo, whatever the number of terminals.
/// </summary>
public sealed partial class RevocationWatcher(TerminalCredentialRegistry registry, ILogger<RevocationWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await registry.RefreshRevocationsAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a moment; credentials known here keep their last known state.
                LogRefreshFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check for revoked terminal credentials: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}

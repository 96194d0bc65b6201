using Microsoft.Extensions.Options;
using RetentionActors.Storage.Events;

namespace RetentionActors.Silo.Events;

/// <summary>
/// Keeps the outbox from growing without end: every <see cref="EventRetentionOptions.PruneInterval"/> it deletes the
/// events older than the retention that every webhook subscription has passed. Every silo runs it; the deletes are the
/// same whoever makes them. One set-based delete per thousand rows, whatever the membership.
/// </summary>
public sealed partial class OutboxPruning(
    SqlEventPruning pruning, IOptions<EventRetentionOptions> options, TimeProvider clock, ILogger<OutboxPruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, clock);
        do
        {
            try
            {
                var deleted = await pruning.PruneAsync(clock.GetUtcNow() - options.Value.Retention, stoppingToken);
                if (deleted > 0)
                {
                    LogPruned(logger, deleted, options.Value.Retention);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be away; the next round tries again, and nothing is lost by waiting.
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: deleted {Deleted} events older than {Retention} that every webhook subscription had delivered")]
    private static partial void LogPruned(ILogger logger, long deleted, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: pruning old events failed; it tries again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using RetentionActors.Contracts.Maintenance;

namespace RetentionActors.Grains.Maintenance;

/// <summary>
/// Once a silo is active, makes sure every sweep bucket has its reminder: a fixed number of calls, whatever the
/// membership. Every silo does it at start (the calls change nothing when the reminders are there); until it has
/// succeeded once it tries again, so a database that was briefly away at start does not leave the sweeps unscheduled.
/// </summary>
public sealed partial class MaintenanceSchedule(IGrainFactory grains, IOptions<MaintenanceSweepOptions> options, ILogger<MaintenanceSchedule> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private Task _scheduling = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MaintenanceSchedule), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduling = Task.Run(() => ScheduleAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _scheduling.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task ScheduleAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var buckets = Enumerable.Range(0, options.Value.Buckets);
                await Task.WhenAll(buckets.Select(b => grains.GetGrain<IMaintenanceSweepGrain>(b).EnsureScheduledAsync()));
                return;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                LogSchedulingFailed(logger, exception, RetryAfter.TotalSeconds);
                await Task.Delay(RetryAfter, stopping);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make sure every maintenance sweep has its reminder; trying again in {Seconds} s")]
    private static partial void LogSchedulingFailed(ILogger logger, Exception exception, double seconds);
}

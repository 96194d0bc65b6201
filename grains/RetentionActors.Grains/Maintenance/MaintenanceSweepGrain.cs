using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;
using RetentionActors.Contracts.Maintenance;
using RetentionActors.Grains.Program;

namespace RetentionActors.Grains.Maintenance;

/// <summary>
/// One bucket of customers: on each tick of its one reminder, asks the store who in the bucket's slots is due and runs
/// their maintenance, a few at a time. It keeps no cursor: a customer done is no longer due (its commit moved its due
/// times on), so a sweep cut short by a silo's death is simply run again by the next tick, and nothing is done twice.
/// Reentrant so that a tick arriving during a long sweep is answered at once (it joins that sweep).
/// </summary>
[GrainType("maintenance-sweep")]
[Reentrant]
public sealed partial class MaintenanceSweepGrain(
    IMaintenanceDueStore store,
    IReminderTable reminders,
    ProgramRulesCache programRules,
    IOptions<MaintenanceSweepOptions> options,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider clock,
    ILogger<MaintenanceSweepGrain> logger)
    : Grain, IMaintenanceSweepGrain, IRemindable
{
    private const string ReminderName = "sweep";
    private readonly MaintenanceSweepOptions _options = options.Value;
    private readonly IMaintenanceDueStore _store = store;
    private readonly ILogger _logger = logger;
    private readonly CancellationTokenSource _deactivating = new();
    private Task<SweepResult>? _running;
    private IGrainTimer? _background;

    private int Bucket => (int)this.GetPrimaryKeyLong();

    private bool InUse => Bucket >= 0 && Bucket < _options.Buckets;

    async Task IMaintenanceSweepGrain.EnsureScheduledAsync()
    {
        var registered = await reminders.ReadRow(this.GetGrainId(), ReminderName);
        if (!InUse)
        {
            await RetireAsync();
            return;
        }
        if (registered?.Period != _options.Period)
        {
            await this.RegisterOrUpdateReminder(ReminderName, FirstTickIn(), _options.Period);
        }
    }

    Task<SweepResult> IMaintenanceSweepGrain.SweepAsync() => Sweep();

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }
        if (!InUse)
        {
            // The number of buckets went down: this one's slots belong to others now.
            await RetireAsync();
            return;
        }
        // The tick is answered at once; the sweep runs in a timer that keeps the grain active until it ends.
        _background ??= this.RegisterGrainTimer(static grain => grain.SweepInBackgroundAsync(), this,
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating.Cancel();
        return Task.CompletedTask;
    }

    private async Task SweepInBackgroundAsync()
    {
        try
        {
            var result = await Sweep();
            if (result.Maintained + result.Failed > 0)
            {
                LogSwept(_logger, Bucket, result.Maintained, result.Failed);
            }
        }
        catch (StoreUnavailableException)
        {
            // Logged by the sweep when it stopped, in one line; thrown on, the timer would log it again with a stack trace.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSweepFailed(_logger, exception, Bucket);
        }
        finally
        {
            _background?.Dispose();
            _background = null;
        }
    }

    // One sweep at a time: a second caller joins the one running.
    private Task<SweepResult> Sweep() => _running is { IsCompleted: false } running ? running : _running = SweepOnceAsync();

    private async Task<SweepResult> SweepOnceAsync()
    {
        var slots = MaintenanceSlots.OfBucket(Bucket, _options.Buckets);
        var run = new SweepRun(this, clock.GetUtcNow());
        try
        {
            await run.AllAsync(slots, (await programRules.GetAsync()).Current);
        }
        catch (StoreUnavailableException)
        {
            // One line per bucket and tick: the silo's own warning says what to check; a stack trace per customer would bury it.
            LogSweepStoreUnavailable(_logger, Bucket, run.Maintained);
            throw;
        }
        return new SweepResult(run.Maintained, run.Failed);
    }

    private async Task RetireAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    // Buckets tick at offsets spread evenly over the period, counted from the Unix epoch so every silo agrees.
    private TimeSpan FirstTickIn()
    {
        var period = _options.Period.Ticks;
        var offset = period * Bucket / _options.Buckets;
        var intoPeriod = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks % period;
        return TimeSpan.FromTicks(((offset - intoPeriod) % period + period) % period);
    }
}

using Orleans.Runtime;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

// Time-driven work: points expire, tiers are reviewed and birthday bonuses given when a maintenance sweep finds the
// customer due (MaintenanceSweepGrain), from what each commit stores about it (MaintenanceDue).
public sealed partial class CustomerGrain : IRemindable
{
    // Every customer used to keep a daily reminder of this name; the sweeps replaced it.
    private const string RetiredMaintenanceReminder = "maintenance";

    // What the store has (or is being given) about this customer for the sweeps.
    private MaintenanceDue _due = MaintenanceDue.Nothing;

    // The lot timing of the program rules last read, for CurrentDue; null until this activation read them.
    private LotTiming? _timing;

    /// <summary>
    /// A reminder left from before the sweeps (the schema step deleted those it found) is dropped at its first tick:
    /// a sweep finds this customer when something is due.
    /// </summary>
    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RetiredMaintenanceReminder && await this.GetReminder(reminderName) is { } retired)
        {
            await this.UnregisterReminder(retired);
        }
    }

    Task ICustomerGrain.RunMaintenanceAsync() => _document is null ? Task.CompletedTask : RunMaintenanceAsync();

    private async Task RunMaintenanceAsync()
    {
        var now = Now;
        var run = CustomerMaintenance.Decide(await ProgramAsync(), _account, _document!.Tier, _document.Profile.Birthday, now);
        var document = run.TierChanged ? _document with { Tier = run.Tier, Version = _document.Version + 1 } : null;
        if (run.Expiry.Entries.Count > 0 || document is not null)
        {
            await AppendAsync<object?>(key: null, run.Expiry.Entries, result: null, document);
        }
        foreach (var key in run.BirthdayKeys)
        {
            if (!await DoneAsync(key))
            {
                var decision = _account.Bonus(key, "birthday", run.BirthdayBonus, now, now);
                await AppendAsync(key, decision.Entries, new AdjustmentResult(run.BirthdayBonus, decision.Entries[^1].BalanceAfter));
            }
        }
        if (CurrentDue() != _due)
        {
            // Nothing to book, but the store's due times are stale (a customer filled in by the schema step): correct them,
            // or the sweeps would keep finding this customer.
            await CommitAsync(new CustomerCommit(CustomerId, null, [], null, null), () => { });
        }
    }

    /// <summary>What the sweeps should look for, from the state in memory (every call that adds points reads the timing).</summary>
    private MaintenanceDue CurrentDue() => _document is null ? MaintenanceDue.Nothing : new MaintenanceDue(
        CustomerMaintenance.PointsExpireAt(_account, _timing, _due.PointsExpireAt, Now),
        _document.Tier?.ReviewAt,
        MaintenanceDue.BirthdayKey(_document.Profile.Birthday));

    /// <summary>The due times to store with the commit being staged; null when the store already has them.</summary>
    private MaintenanceDue? DueChange()
    {
        var due = CurrentDue();
        if (due == _due)
        {
            return null;
        }
        _due = due;
        return due;
    }
}

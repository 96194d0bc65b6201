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
        var program = await ProgramAsync();
        var now = Now;
        var expiry = _account.Expire(now, program.Timing);
        var standing = program.Current.Tiers.Review(_document!.Tier, _account.RollingSpend(now), now);
        var document = standing == _document.Tier ? null : _document with { Tier = standing, Version = _document.Version + 1 };
        if (expiry.Entries.Count > 0 || document is not null)
        {
            await AppendAsync<object?>(key: null, expiry.Entries, result: null, document);
        }
        await GiveBirthdayBonusAsync(program.Current.Mechanics.BirthdayBonus, now);
        if (CurrentDue() != _due)
        {
            // Nothing to book, but the store's due times are stale (a customer filled in by the schema step): correct them,
            // or the sweeps would keep finding this customer.
            await CommitAsync(new CustomerCommit(CustomerId, null, [], null, null), () => { });
        }
    }

    /// <summary>The birthday bonus of each year whose birthday week is open (<see cref="BirthdayWindow"/>), unless given.</summary>
    private async Task GiveBirthdayBonusAsync(long bonus, DateTimeOffset now)
    {
        if (bonus <= 0 || _document!.Profile.Birthday is not { } birthday)
        {
            return;
        }
        foreach (var key in BirthdayWindow.YearsOpen(birthday, now).Select(BirthdayWindow.Key))
        {
            if (!await DoneAsync(key))
            {
                var decision = _account.Bonus(key, "birthday", bonus, now, now);
                await AppendAsync(key, decision.Entries, new AdjustmentResult(bonus, decision.Entries[^1].BalanceAfter));
            }
        }
    }

    /// <summary>
    /// What the sweeps should look for, from the state in memory. Without the program's timing (not read yet by this
    /// activation; every call that adds points reads it) the stored expiry stands, which is never later than the real
    /// one (points were only taken away since), or, with none stored, unspent points count as due now: either way the
    /// sweep's maintenance reads the timing and stores the real time.
    /// </summary>
    private MaintenanceDue CurrentDue() => _document is null ? MaintenanceDue.Nothing : new MaintenanceDue(
        _timing is { } timing ? _account.NextExpiry(timing) : _due.PointsExpireAt ?? (_account.OpenLots.Count > 0 ? Now : null),
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

using Orleans.Runtime;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Grains.Customers;

// Time-driven work: points expire and tiers are reviewed on a durable daily reminder.
public sealed partial class CustomerGrain : IRemindable
{
    private const string MaintenanceReminder = "maintenance";
    private static readonly TimeSpan MaintenancePeriod = TimeSpan.FromDays(1);

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == MaintenanceReminder && _document is not null ? RunMaintenanceAsync() : Task.CompletedTask;

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
    }

    /// <summary>Once a year, in the week that starts on the birthday; the year is in the key, so a restart cannot give it twice.</summary>
    private async Task GiveBirthdayBonusAsync(long bonus, DateTimeOffset now)
    {
        if (bonus <= 0 || _document!.Profile.Birthday is not { } birthday)
        {
            return;
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var year in new[] { today.Year, today.Year - 1 })
        {
            var day = new DateOnly(year, birthday.Month, Math.Min(birthday.Day, DateTime.DaysInMonth(year, birthday.Month)));
            var key = $"birthday/{year}";
            if (today >= day && today < day.AddDays(7) && !await DoneAsync(key))
            {
                var decision = _account.Bonus(key, "birthday", bonus, now, now);
                await AppendAsync(key, decision.Entries, new AdjustmentResult(bonus, decision.Entries[^1].BalanceAfter));
            }
        }
    }
}

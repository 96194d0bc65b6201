using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Domain.Mechanics;

/// <summary>
/// What a maintenance sweep does to a customer at a given time: the expiry of points past their date, the tier after its
/// review, and the keys of the birthday bonuses whose week is open (each given once: the caller skips keys done).
/// </summary>
public sealed record CustomerMaintenance(Decision Expiry, TierStanding? Tier, bool TierChanged, long BirthdayBonus, IReadOnlyList<string> BirthdayKeys)
{
    public static CustomerMaintenance Decide(ProgramHistory program, PointsAccount account, TierStanding? tier, DateOnly? birthday, DateTimeOffset now)
    {
        var standing = program.Current.Tiers.Review(tier, account.RollingSpend(now), now);
        var bonus = program.Current.Mechanics.BirthdayBonus;
        IReadOnlyList<string> birthdays = bonus > 0 && birthday is { } day ? [.. BirthdayWindow.YearsOpen(day, now).Select(BirthdayWindow.Key)] : [];
        return new CustomerMaintenance(account.Expire(now, program.Timing), standing, standing != tier, bonus, birthdays);
    }

    /// <summary>
    /// When the sweeps should next look for expiring points. Without the program's timing (an activation that has not read
    /// the rules yet) the stored time stands, which is never later than the real one (points were only taken away since),
    /// or, with none stored, unspent points count as due now: either way the sweep's run reads the timing and corrects it.
    /// </summary>
    public static DateTimeOffset? PointsExpireAt(PointsAccount account, LotTiming? timing, DateTimeOffset? stored, DateTimeOffset now) =>
        timing is { } known ? account.NextExpiry(known) : stored ?? (account.OpenLots.Count > 0 ? now : null);
}

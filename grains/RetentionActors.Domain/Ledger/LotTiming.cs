namespace RetentionActors.Domain.Ledger;

/// <summary>
/// When a lot can be spent and when it expires, by the rules in force when it was earned; with the
/// bounds over every version of the rules, so the account looks only at the lots a rule can still
/// touch (the newest for pending points, the oldest for expiry) instead of all of them.
/// </summary>
public sealed record LotTiming(Func<DateTimeOffset, int> PendingDaysAt, Func<DateTimeOffset, int> ExpiryMonthsAt, int LongestPendingDays, int ShortestExpiryMonths)
{
    /// <summary>Spendable at once, never expiring.</summary>
    public static readonly LotTiming Immediate = Fixed(pendingDays: 0, expiryMonths: 0);

    public static LotTiming Fixed(int pendingDays, int expiryMonths) => new(_ => pendingDays, _ => expiryMonths, pendingDays, expiryMonths);

    /// <summary>From every version of the rules; <see cref="ShortestExpiryMonths"/> is the shortest period that expires at all (0: none does).</summary>
    public static LotTiming From(ProgramHistory history) => new(
        at => history.At(at).Mechanics.PendingDays,
        at => history.At(at).PointsExpiryMonths,
        history.Versions.Max(v => v.Mechanics.PendingDays),
        history.Versions.Select(v => v.PointsExpiryMonths).Where(m => m > 0).DefaultIfEmpty(0).Min());

    /// <summary>A purchase's points wait out the return window in force when they were earned.</summary>
    public bool IsPending(Lot lot, DateTimeOffset now) =>
        lot.FromPurchase && LongestPendingDays > 0 && lot.EarnedAt.AddDays(PendingDaysAt(lot.EarnedAt)) > now;

    public DateTimeOffset? ExpiresAt(Lot lot) =>
        ShortestExpiryMonths > 0 && ExpiryMonthsAt(lot.EarnedAt) is > 0 and var months ? lot.EarnedAt.AddMonths(months) : null;

    /// <summary>
    /// Lots earned after this cannot have expired by <paramref name="at"/> under any version. Four days
    /// of margin: adding months clamps to the month's end (31 March + 1 month = 30 April).
    /// </summary>
    public DateTimeOffset NothingExpiresBy(DateTimeOffset at) =>
        ShortestExpiryMonths > 0 ? at.AddMonths(-ShortestExpiryMonths).AddDays(4) : DateTimeOffset.MinValue;

    /// <summary>Lots earned before this are spendable at <paramref name="now"/> under any version.</summary>
    public DateTimeOffset NothingPendingBefore(DateTimeOffset now) => LongestPendingDays > 0 ? now.AddDays(-LongestPendingDays) : DateTimeOffset.MaxValue;
}

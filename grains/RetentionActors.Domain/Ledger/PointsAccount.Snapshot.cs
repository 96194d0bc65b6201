namespace RetentionActors.Domain.Ledger;

// Snapshots: an activation restores the account from its latest snapshot and the few entries after it, so its cost does
// not grow with the customer's age. Restore(snapshot, tail) answers as Replay(whole ledger) does (tests prove it), within
// the windows a snapshot keeps.
public sealed partial class PointsAccount
{
    /// <summary>
    /// Days of points earned (daily limit) and of offline redemptions (allowances) a snapshot keeps, back from the newest:
    /// both are asked about the day of a sale or allowance, which a late till delivers at most days after it.
    /// </summary>
    public const int DaysKept = 92;

    /// <summary>
    /// Months of spend a snapshot keeps point by point, back from the newest; earlier spend is one sum. Tiers look at the
    /// 12 months before a sale or a review, so the rolling spend stays exact for any time up to a year before the newest.
    /// </summary>
    public const int SpendMonthsKept = 24;

    /// <summary>
    /// About how many items a snapshot of this account carries: its open lots and the spend points of the months it keeps
    /// (the windows of days are small beside them). What writing a snapshot costs grows with it.
    /// </summary>
    public int SnapshotItems => _lots.Count + (_spend.Newest is { } newest ? _spend.CountAfter(newest.AddMonths(-SpendMonthsKept)) : 0);

    /// <summary>What this account is, as of <see cref="LastSeq"/>, bounded to the windows any rule can still ask about.</summary>
    public AccountSnapshot ToSnapshot()
    {
        var newestDay = _earnedByDay.Count == 0 ? DateOnly.MinValue : _earnedByDay.Keys.Max();
        var newestOffline = _offlineRedeemed.Count == 0 ? DateOnly.MinValue : _offlineRedeemed.Keys.Max(OfflineDay);
        return new AccountSnapshot(LastSeq, Balance, Debt, LifetimeSpend, VisitCount, FirstPurchaseAt, LastPurchaseAt,
            [.. _lots],
            [.. _purchaseTimesByCard.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new CardPurchaseTimes(c.Key, [.. c.Value]))],
            [.. _earnedByDay.Where(d => d.Key >= KeptFrom(newestDay)).OrderBy(d => d.Key).Select(d => new DayPoints(d.Key, d.Value))],
            [.. _offlineRedeemed.Where(t => OfflineDay(t.Key) >= KeptFrom(newestOffline)).OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new OfflineTillPoints(t.Key, t.Value))],
            _spend.Newest is { } newest ? _spend.Since(newest.AddMonths(-SpendMonthsKept)) : [],
            _receipts.ToSnapshot());
    }

    /// <summary>
    /// The account <paramref name="snapshot"/> describes, with <paramref name="tail"/> (the entries after it, in order)
    /// applied. <paramref name="earlier"/> holds the entries up to the snapshot that concern the receipts the tail names
    /// (<see cref="ReceiptsNamed"/>): a tail entry on a receipt the snapshot had forgotten (a return of an old sale) needs
    /// that receipt's detail, as a decision on it did.
    /// </summary>
    public static PointsAccount Restore(AccountSnapshot snapshot, IReadOnlyList<LedgerEntry> tail, IReadOnlyList<LedgerEntry> earlier)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var account = FromSnapshot(snapshot);
        var missing = ReceiptsNamed(tail).Where(key => !account._receipts.Holds(key)).ToHashSet();
        foreach (var entry in missing.Count == 0 ? [] : earlier)
        {
            if (entry.Seq > snapshot.LastSeq)
            {
                throw new ArgumentException($"Entry {entry.Seq} is after the snapshot at {snapshot.LastSeq}: give it in the tail.", nameof(earlier));
            }
            account._receipts.Record(entry, missing.Contains);
        }
        foreach (var entry in tail)
        {
            account.Fold(entry);
        }
        account._receipts.ForgetBeyond(ReceiptsHeld);
        account._receipts.TrimExcess();
        return account;
    }

    /// <summary>The receipt keys <paramref name="entries"/> are booked under or refer to.</summary>
    public static IReadOnlySet<string> ReceiptsNamed(IEnumerable<LedgerEntry> entries) =>
        entries.SelectMany(e => new[] { e.ReceiptKey, e.RefersTo }).OfType<string>().ToHashSet();

    private static PointsAccount FromSnapshot(AccountSnapshot s)
    {
        var account = new PointsAccount
        {
            LastSeq = s.LastSeq,
            Balance = s.Balance,
            Debt = s.Debt,
            LifetimeSpend = s.LifetimeSpend,
            VisitCount = s.VisitCount,
            FirstPurchaseAt = s.FirstPurchaseAt,
            LastPurchaseAt = s.LastPurchaseAt,
            _receipts = ReceiptBook.FromSnapshot(s.Receipts),
        };
        account._lots.AddRange(s.Lots);
        foreach (var card in s.PurchaseTimes)
        {
            account._purchaseTimesByCard[card.CardId] = [.. card.Times];
        }
        foreach (var day in s.EarnedByDay)
        {
            account._earnedByDay[day.Day] = day.Points;
        }
        foreach (var till in s.OfflineRedeemed)
        {
            account._offlineRedeemed[till.Till] = till.Points;
        }
        foreach (var point in s.Spend.OrderBy(p => p.At))
        {
            account._spend.Add(point.At, point.Amount);
        }
        return account;
    }

    private static DateOnly KeptFrom(DateOnly newest) => newest == DateOnly.MinValue ? newest : newest.AddDays(-DaysKept);

    // The business day ends an offline till's key (OfflineTill).
    private static DateOnly OfflineDay(string till) => DateOnly.ParseExact(till[^10..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

namespace RetentionActors.Domain.Ledger;

/// <summary>
/// A customer's points, folded from their ledger: the balance, the open lots (oldest first), and the
/// detail of the most recently used receipts, which returns and repeated receipts look at. <see cref="Apply"/> is the
/// only way the balance and lots change, so a replayed ledger gives the same account as the one that wrote it;
/// <see cref="Recall"/> only reads back the detail of receipts the account forgot.
/// </summary>
public sealed partial class PointsAccount
{
    /// <summary>
    /// How many receipts an account holds the detail of (<see cref="ReceiptBook"/>, the most recently used): returns and
    /// repeated receipts name recent ones nearly always, and an older one is recalled from the ledger.
    /// </summary>
    public const int ReceiptsHeld = 8;

    private readonly List<Lot> _lots = [];
    private ReceiptBook _receipts = new();
    // Purchase times per card within the hour before each card's newest: all the velocity limit looks at.
    private readonly Dictionary<string, List<DateTimeOffset>> _purchaseTimesByCard = [];
    private readonly Dictionary<DateOnly, long> _earnedByDay = [];
    private readonly SpendTimeline _spend = new();

    public long Balance { get; private set; }

    /// <summary>Points owed from offline redemptions the balance could not cover; the next points earned pay them back first.</summary>
    public long Debt { get; private set; }
    public long LastSeq { get; private set; }
    public decimal LifetimeSpend { get; private set; }
    public int VisitCount { get; private set; }
    public DateTimeOffset? FirstPurchaseAt { get; private set; }
    public DateTimeOffset? LastPurchaseAt { get; private set; }

    /// <summary>Unspent lots, oldest first (by when they were earned, then by sequence).</summary>
    public IReadOnlyList<Lot> OpenLots => _lots;

    public static PointsAccount Replay(IEnumerable<LedgerEntry> entries)
    {
        var account = new PointsAccount();
        foreach (var entry in entries)
        {
            // All receipts are held while replaying: a return refers to its purchase however old it is.
            account.Fold(entry);
        }
        account._receipts.ForgetBeyond(ReceiptsHeld);
        account._receipts.TrimExcess();
        return account;
    }

    /// <summary>Points earned (purchases and bonuses) on the UTC day of <paramref name="at"/>: for the daily velocity limit.</summary>
    public long EarnedOn(DateTimeOffset at) => _earnedByDay.GetValueOrDefault(DateOnly.FromDateTime(at.UtcDateTime));

    /// <summary>
    /// Purchases on <paramref name="cardId"/> that occurred in the hour up to <paramref name="at"/>. Only the hour before
    /// the card's newest purchase is kept, so a sale delivered more than an hour after newer ones is counted against less.
    /// </summary>
    public int PurchasesInHour(string cardId, DateTimeOffset at) =>
        _purchaseTimesByCard.TryGetValue(cardId, out var times) ? times.Count(t => t <= at && t > at.AddHours(-1)) : 0;

    /// <summary>Points that can be spent now: all but purchase lots still inside their return window.</summary>
    public long Spendable(DateTimeOffset now, LotTiming timing) => Balance - Pending(now, timing);

    /// <summary>Points of purchase lots still inside their return window; only the newest lots can be.</summary>
    public long Pending(DateTimeOffset now, LotTiming timing)
    {
        var since = timing.NothingPendingBefore(now);
        var pending = 0L;
        for (var i = _lots.Count - 1; i >= 0 && _lots[i].EarnedAt >= since; i--)
        {
            pending += timing.IsPending(_lots[i], now) ? _lots[i].Remaining : 0;
        }
        return pending;
    }

    /// <summary>Spend in the 12 months up to <paramref name="at"/>, net of refunds: what tiers are qualified by.</summary>
    public decimal RollingSpend(DateTimeOffset at) => _spend.Between(at.AddMonths(-12), at);

    /// <summary>Unspent points whose lots expire after <paramref name="now"/> and no later than <paramref name="until"/>.</summary>
    public long ExpiringBetween(DateTimeOffset now, DateTimeOffset until, LotTiming timing) =>
        OldLots(timing.NothingExpiresBy(until)).Where(l => timing.ExpiresAt(l) is { } at && at > now && at <= until).Sum(l => l.Remaining);

    /// <summary>
    /// When the next unspent points expire (the soonest expiry of an open lot, by the rule in force when it was earned);
    /// null when none ever will. Lots are kept oldest first, so only those earned before the soonest expiry found so far
    /// (with <see cref="LotTiming.NothingExpiresBy"/>'s margin) can expire sooner: the look stops there.
    /// </summary>
    public DateTimeOffset? NextExpiry(LotTiming timing)
    {
        if (timing.ShortestExpiryMonths <= 0)
        {
            return null;
        }
        DateTimeOffset? soonest = null;
        foreach (var lot in _lots)
        {
            if (soonest is { } found && lot.EarnedAt > timing.NothingExpiresBy(found))
            {
                break;
            }
            if (timing.ExpiresAt(lot) is { } at && (soonest is null || at < soonest))
            {
                soonest = at;
            }
        }
        return soonest;
    }

    // Lots earned up to `until`, oldest first: lots are kept in the order they were earned.
    private IEnumerable<Lot> OldLots(DateTimeOffset until) => _lots.TakeWhile(l => l.EarnedAt <= until);

    public void Apply(LedgerEntry entry)
    {
        Fold(entry);
        _receipts.ForgetBeyond(ReceiptsHeld);
    }

    private void Fold(LedgerEntry entry)
    {
        if (entry.Seq != LastSeq + 1)
        {
            throw new InvalidOperationException($"Ledger entry {entry.Seq} does not follow {LastSeq}.");
        }

        switch (entry.Kind)
        {
            case EntryKind.Purchase:
                LifetimeSpend += entry.Amount;
                VisitCount++;
                FirstPurchaseAt = FirstPurchaseAt is { } first && first <= entry.OccurredAt ? first : entry.OccurredAt;
                LastPurchaseAt = LastPurchaseAt is { } last && last >= entry.OccurredAt ? last : entry.OccurredAt;
                _spend.Add(entry.OccurredAt, entry.Amount);
                AddPurchaseTime(entry);
                break;
            case EntryKind.Refund:
                var refunded = PurchaseOf(entry);
                LifetimeSpend -= entry.Amount;
                _spend.Add(refunded.OccurredAt, -entry.Amount);
                break;
        }
        _receipts.Record(entry, _ => true);

        if (entry.Points > 0)
        {
            InsertLot(_lots, new Lot(entry.Seq, entry.OccurredAt, entry.Points, entry.Points, entry.Kind == EntryKind.Purchase));
        }
        foreach (var draw in entry.Draws)
        {
            var index = _lots.FindIndex(lot => lot.Seq == draw.LotSeq);
            var lot = _lots[index] with { Remaining = _lots[index].Remaining - draw.Points };
            if (lot.Remaining < 0)
            {
                throw new InvalidOperationException($"Entry {entry.Seq} overdraws lot {draw.LotSeq}.");
            }
            if (lot.Remaining == 0)
            {
                _lots.RemoveAt(index);
            }
            else
            {
                _lots[index] = lot;
            }
        }

        if (entry.Kind is EntryKind.Purchase or EntryKind.Bonus)
        {
            var day = DateOnly.FromDateTime(entry.OccurredAt.UtcDateTime);
            _earnedByDay[day] = _earnedByDay.GetValueOrDefault(day) + entry.Points;
        }
        if (entry.Kind == EntryKind.OfflineRedemption)
        {
            var till = OfflineTill(entry.StoreId!, entry.TerminalId!, entry.CardId ?? "", entry.BusinessDay ?? DateOnly.FromDateTime(entry.OccurredAt.DateTime));
            _offlineRedeemed[till] = _offlineRedeemed.GetValueOrDefault(till) - entry.Points + entry.Debt;
        }
        Debt += entry.Debt;
        Balance += entry.Points;
        LastSeq = entry.Seq;
        if (Debt < 0)
        {
            throw new InvalidOperationException($"Entry {entry.Seq} pays back more debt than was owed.");
        }
        if (Balance != entry.BalanceAfter || Balance < 0)
        {
            throw new InvalidOperationException($"Entry {entry.Seq} says balance {entry.BalanceAfter}, the ledger adds up to {Balance}.");
        }
    }

    private PurchaseRecord PurchaseOf(LedgerEntry refund) => _receipts.Purchase(refund.RefersTo!)
        ?? throw new InvalidOperationException($"Entry {refund.Seq} refers to purchase {refund.RefersTo}, which is not held: recall it before deciding on it.");

    private void AddPurchaseTime(LedgerEntry purchase)
    {
        if (purchase.CardId is not { } card)
        {
            return;
        }
        if (!_purchaseTimesByCard.TryGetValue(card, out var times))
        {
            _purchaseTimesByCard[card] = times = [];
        }
        times.Add(purchase.OccurredAt);
        var newest = times.Max();
        times.RemoveAll(t => t <= newest.AddHours(-1));
    }

    private static void InsertLot(List<Lot> lots, Lot lot)
    {
        var index = lots.FindLastIndex(l => l.EarnedAt <= lot.EarnedAt) + 1;
        lots.Insert(index, lot);
    }
}

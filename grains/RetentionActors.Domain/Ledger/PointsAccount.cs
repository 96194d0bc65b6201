namespace RetentionActors.Domain.Ledger;

/// <summary>
/// A customer's points, folded from their ledger: the balance, the open lots (oldest first), and the
/// purchases that refunds may refer to. <see cref="Apply"/> is the only way state changes, so a
/// replayed ledger gives the same account as the one that wrote it.
/// </summary>
public sealed partial class PointsAccount
{
    private readonly List<Lot> _lots = [];
    private readonly Dictionary<string, PurchaseRecord> _purchases = [];
    private readonly Dictionary<string, List<string>> _receiptKeysByStoreReceipt = [];
    private readonly Dictionary<string, long> _redeemedByReceipt = [];
    private readonly Dictionary<DateOnly, long> _earnedByDay = [];
    private readonly SpendTimeline _spend = new();

    public long Balance { get; private set; }
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
            account.Apply(entry);
        }
        return account;
    }

    /// <summary>Points earned (purchases and bonuses) on the UTC day of <paramref name="at"/>: for the daily velocity limit.</summary>
    public long EarnedOn(DateTimeOffset at) => _earnedByDay.GetValueOrDefault(DateOnly.FromDateTime(at.UtcDateTime));

    /// <summary>Purchases on <paramref name="cardId"/> that occurred in the hour up to <paramref name="at"/>.</summary>
    public int PurchasesInHour(string cardId, DateTimeOffset at) =>
        _purchases.Values.Count(p => p.CardId == cardId && p.OccurredAt <= at && p.OccurredAt > at.AddHours(-1));

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

    // Lots earned up to `until`, oldest first: lots are kept in the order they were earned.
    private IEnumerable<Lot> OldLots(DateTimeOffset until) => _lots.TakeWhile(l => l.EarnedAt <= until);

    public void Apply(LedgerEntry entry)
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
                AddPurchase(entry);
                _spend.Add(entry.OccurredAt, entry.Amount);
                break;
            case EntryKind.Redemption:
                var receipt = entry.ReceiptKey!;
                _redeemedByReceipt[receipt] = _redeemedByReceipt.GetValueOrDefault(receipt) - entry.Points;
                break;
            case EntryKind.Refund:
                LifetimeSpend -= entry.Amount;
                var refunded = _purchases[entry.RefersTo!];
                _purchases[entry.RefersTo!] = refunded with { Refunded = refunded.Refunded + entry.Amount };
                _spend.Add(refunded.OccurredAt, -entry.Amount);
                AddRefund(entry);
                break;
            case EntryKind.RedemptionReturn:
                var returned = _purchases[entry.RefersTo!];
                _purchases[entry.RefersTo!] = returned with { RedemptionReturned = returned.RedemptionReturned + entry.Points };
                break;
            case EntryKind.Bonus when Mechanics.CampaignBonusReason.CampaignOf(entry.Reason) is not null
                                     && entry.ReceiptKey is { } bonusReceipt && _purchases.TryGetValue(bonusReceipt, out var rewarded):
                _purchases[bonusReceipt] = rewarded with { CampaignBonuses = [.. rewarded.CampaignBonuses, new EarnedBonus(entry.Reason!, entry.Points, entry.Seq)] };
                break;
        }

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
        Balance += entry.Points;
        LastSeq = entry.Seq;
        if (Balance != entry.BalanceAfter || Balance < 0)
        {
            throw new InvalidOperationException($"Entry {entry.Seq} says balance {entry.BalanceAfter}, the ledger adds up to {Balance}.");
        }
    }

    private void AddPurchase(LedgerEntry entry)
    {
        var purchase = new PurchaseRecord(entry.Seq, entry.OccurredAt, entry.Amount, entry.Points, 0m, 0, entry.CardId)
        {
            StoreId = entry.StoreId!,
            TerminalId = entry.TerminalId!,
            BusinessDay = entry.BusinessDay ?? DateOnly.FromDateTime(entry.OccurredAt.DateTime),
            ReceiptId = entry.ReceiptId!,
        };
        _purchases[purchase.ReceiptKey] = purchase;
        var storeReceipt = StoreReceipt(purchase.StoreId, purchase.ReceiptId);
        if (!_receiptKeysByStoreReceipt.TryGetValue(storeReceipt, out var keys))
        {
            _receiptKeysByStoreReceipt[storeReceipt] = keys = [];
        }
        keys.Add(purchase.ReceiptKey);
    }

    private static void InsertLot(List<Lot> lots, Lot lot)
    {
        var index = lots.FindLastIndex(l => l.EarnedAt <= lot.EarnedAt) + 1;
        lots.Insert(index, lot);
    }
}

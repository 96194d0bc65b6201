using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Purchases;

/// <summary>
/// What a purchase produces: its ledger entries (the purchase, its bonuses, the debt they pay back), the bonuses and
/// campaigns by name for the answer, the coupons to issue, and the document changes its <see cref="Plan"/> holds.
/// </summary>
public sealed record PurchaseOutcome(
    PurchasePlan Plan,
    IReadOnlyList<LedgerEntry> Entries,
    IReadOnlyList<(string Reason, long Points)> Bonuses,
    IReadOnlyList<string> Campaigns,
    IReadOnlyList<CouponAsk> Coupons)
{
    public long BalanceAfter => Entries[^1].BalanceAfter;

    public long BonusPoints => Bonuses.Sum(b => b.Points);

    /// <summary>
    /// Whether the customer's document changes: most purchases change only the ledger, and the document is written when
    /// the tier, the stamps, the coupons, the referral or the campaign groups moved.
    /// </summary>
    public bool ChangesDocument(CustomerStanding before) =>
        Plan.Tier != before.Tier || Coupons.Count > 0 || Plan.FriendBonus || Plan.HoldoutDraws.Count > 0
        || Plan.Stamps.Count != before.Stamps.Count || Plan.Stamps.Any(s => before.Stamps.GetValueOrDefault(s.Key) != s.Value);
}

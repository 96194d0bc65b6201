namespace RetentionActors.Grains.Events;

/// <summary>The event types receivers see and subscribe to. Stored and sent: never rename one.</summary>
public static class EventTypes
{
    /// <summary>A ledger entry: points earned, redeemed, refunded, adjusted, expired or a bonus (its kind says which).</summary>
    public const string LedgerEntry = "ledger.entry";
    public const string CustomerEnrolled = "customer.enrolled";
    public const string TierChanged = "customer.tier_changed";
    public const string CouponIssued = "coupon.issued";
    public const string CouponRedeemed = "coupon.redeemed";
    public const string CouponVoided = "coupon.voided";
    public const string CardLinked = "card.linked";
    public const string CardBlocked = "card.blocked";
    public const string CardReplaced = "card.replaced";

    public static IReadOnlyList<string> All { get; } =
        [LedgerEntry, CustomerEnrolled, TierChanged, CouponIssued, CouponRedeemed, CouponVoided, CardLinked, CardBlocked, CardReplaced];
}

namespace RetentionActors.Domain.Mechanics;

/// <summary>What the coupon a catalogue reward issues gives (the grain maps it to the wire's coupon kind by name).</summary>
public enum RewardCouponKind
{
    /// <summary>A product for free.</summary>
    FreeItem = 1,

    /// <summary>A fixed amount off, the reward's value.</summary>
    FixedDiscount = 2,

    /// <summary>An offer of a partner merchant.</summary>
    PartnerOffer = 3,
}

namespace RetentionActors.Contracts.Coupons;

public enum CouponKind
{
    /// <summary>A product for free (stamp card, gift, catalogue reward).</summary>
    FreeItem = 1,
    /// <summary>A fixed amount off.</summary>
    FixedDiscount = 2,
    /// <summary>An offer of a partner merchant.</summary>
    PartnerOffer = 3,
}

namespace RetentionActors.Contracts.Coupons;

/// <summary>The coupon after a request, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Coupons.CouponResult")]
public sealed record CouponResult(
    [property: Id(0)] CouponInfo? Coupon,
    [property: Id(1)] Decline? Declined)
{
    public bool IsAccepted => Declined is null;
}

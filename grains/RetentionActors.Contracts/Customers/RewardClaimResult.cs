namespace RetentionActors.Contracts.Customers;

/// <summary>The coupon a reward claim issued, the points it cost and the balance after it; or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Customers.RewardClaimResult")]
public sealed record RewardClaimResult(
    [property: Id(0)] Coupons.CouponInfo? Coupon,
    [property: Id(1)] long PointsSpent,
    [property: Id(2)] long Balance,
    [property: Id(3)] Decline? Declined = null,
    [property: Id(4)] bool Replayed = false)
{
    public bool IsAccepted => Declined is null;
}

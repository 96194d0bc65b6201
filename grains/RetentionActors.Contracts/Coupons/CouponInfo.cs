namespace RetentionActors.Contracts.Coupons;

/// <summary>A single-use code: what it gives, whose it is, until when, and whether it was used.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Coupons.CouponInfo")]
public sealed record CouponInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] CouponKind Kind,
    [property: Id(2)] string Description,
    [property: Id(3)] decimal Value,
    [property: Id(4)] string? CustomerId,
    [property: Id(5)] string Source,
    [property: Id(6)] DateTimeOffset IssuedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] DateTimeOffset? RedeemedAt = null,
    [property: Id(9)] string? RedeemedReceipt = null)
{
    /// <summary>When the coupon was voided because the purchase that earned it was returned; a voided coupon cannot be used.</summary>
    [Id(10)]
    public DateTimeOffset? VoidedAt { get; init; }
}

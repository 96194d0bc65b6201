using System.Text.Json.Serialization;
using RetentionActors.Contracts.Coupons;

namespace RetentionActors.Storage.Formats;

/// <summary>A <see cref="CouponInfo"/> inside a stored answer (the coupons a purchase issued, the coupon a reward claim gave).</summary>
internal sealed record StoredCoupon
{
    [JsonPropertyName("code")] public string Code { get; init; } = "";
    [JsonPropertyName("kind")] public string Kind { get; init; } = "";
    [JsonPropertyName("description")] public string Description { get; init; } = "";
    [JsonPropertyName("value")] public decimal Value { get; init; }
    [JsonPropertyName("customerId")] public string? CustomerId { get; init; }
    [JsonPropertyName("source")] public string Source { get; init; } = "";
    [JsonPropertyName("issuedAt")] public DateTimeOffset IssuedAt { get; init; }
    [JsonPropertyName("expiresAt")] public DateTimeOffset ExpiresAt { get; init; }
    [JsonPropertyName("redeemedAt")] public DateTimeOffset? RedeemedAt { get; init; }
    [JsonPropertyName("redeemedReceipt")] public string? RedeemedReceipt { get; init; }
    [JsonPropertyName("voidedAt")] public DateTimeOffset? VoidedAt { get; init; }

    public static StoredCoupon From(CouponInfo c) => new()
    {
        Code = c.Code,
        Kind = StoredNames.Of(c.Kind),
        Description = c.Description,
        Value = c.Value,
        CustomerId = c.CustomerId,
        Source = c.Source,
        IssuedAt = c.IssuedAt,
        ExpiresAt = c.ExpiresAt,
        RedeemedAt = c.RedeemedAt,
        RedeemedReceipt = c.RedeemedReceipt,
        VoidedAt = c.VoidedAt,
    };

    public CouponInfo ToWire() =>
        new(Code, StoredNames.Parse<CouponKind>(Kind), Description, Value, CustomerId, Source, IssuedAt, ExpiresAt, RedeemedAt, RedeemedReceipt) { VoidedAt = VoidedAt };
}

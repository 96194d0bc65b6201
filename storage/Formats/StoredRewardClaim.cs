using System.Text.Json.Serialization;
using RetentionActors.Contracts.Customers;

namespace RetentionActors.Storage.Formats;

/// <summary>The stored answer of a reward claim (<see cref="RewardClaimResult"/>).</summary>
internal sealed record StoredRewardClaim : StoredRecord
{
    [JsonPropertyName("coupon")] public StoredCoupon? Coupon { get; init; }
    [JsonPropertyName("pointsSpent")] public long PointsSpent { get; init; }
    [JsonPropertyName("balance")] public long Balance { get; init; }
    [JsonPropertyName("declined")] public StoredDecline? Declined { get; init; }
    [JsonPropertyName("replayed")] public bool Replayed { get; init; }
    // Written as the wire JSON had it; never read (it follows from Declined).
    [JsonPropertyName("isAccepted")] public bool IsAccepted => Declined is null;

    public static StoredRewardClaim From(RewardClaimResult c) => new()
    {
        Coupon = c.Coupon is null ? null : StoredCoupon.From(c.Coupon),
        PointsSpent = c.PointsSpent,
        Balance = c.Balance,
        Declined = StoredDecline.From(c.Declined),
        Replayed = c.Replayed,
    };

    public RewardClaimResult ToWire() => new(Coupon?.ToWire(), PointsSpent, Balance, Declined?.ToWire(), Replayed);
}

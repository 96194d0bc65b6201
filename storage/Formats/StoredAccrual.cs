using System.Text.Json.Serialization;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Storage.Formats;

/// <summary>The stored answer of a purchase (<see cref="AccrualResult"/>), kept for repeats of its receipt.</summary>
internal sealed record StoredAccrual : StoredRecord
{
    [JsonPropertyName("pointsEarned")] public long PointsEarned { get; init; }
    [JsonPropertyName("balance")] public long Balance { get; init; }
    [JsonPropertyName("unlocked")] public List<string> Unlocked { get; init; } = [];
    [JsonPropertyName("declined")] public StoredDecline? Declined { get; init; }
    [JsonPropertyName("replayed")] public bool Replayed { get; init; }
    // Written as the wire JSON had it, for whoever reads the rows in SQL; never read (it follows from Declined).
    [JsonPropertyName("isAccepted")] public bool IsAccepted => Declined is null;
    [JsonPropertyName("tier")] public string? Tier { get; init; }
    [JsonPropertyName("tierUpgraded")] public bool TierUpgraded { get; init; }
    [JsonPropertyName("discountPercent")] public decimal DiscountPercent { get; init; }
    [JsonPropertyName("discountAmount")] public decimal DiscountAmount { get; init; }
    [JsonPropertyName("bonusPoints")] public long BonusPoints { get; init; }
    [JsonPropertyName("campaignsApplied")] public List<string> CampaignsApplied { get; init; } = [];
    [JsonPropertyName("stamps")] public Dictionary<string, int> Stamps { get; init; } = [];
    [JsonPropertyName("couponsIssued")] public List<StoredCoupon> CouponsIssued { get; init; } = [];
    [JsonPropertyName("pendingUntil")] public DateTimeOffset? PendingUntil { get; init; }
    // Answers stored before stamps earned were recorded have none (an empty map), as the wire answer did.
    [JsonPropertyName("stampsEarned")] public Dictionary<string, int> StampsEarned { get; init; } = [];

    public static StoredAccrual From(AccrualResult a) => new()
    {
        PointsEarned = a.PointsEarned,
        Balance = a.Balance,
        Unlocked = [.. a.Unlocked],
        Declined = StoredDecline.From(a.Declined),
        Replayed = a.Replayed,
        Tier = a.Tier,
        TierUpgraded = a.TierUpgraded,
        DiscountPercent = a.DiscountPercent,
        DiscountAmount = a.DiscountAmount,
        BonusPoints = a.BonusPoints,
        CampaignsApplied = [.. a.CampaignsApplied],
        Stamps = new(a.Stamps),
        CouponsIssued = [.. a.CouponsIssued.Select(StoredCoupon.From)],
        PendingUntil = a.PendingUntil,
        StampsEarned = new(a.StampsEarned),
    };

    public AccrualResult ToWire() => new(PointsEarned, Balance, Unlocked, Declined?.ToWire(), Replayed)
    {
        Tier = Tier,
        TierUpgraded = TierUpgraded,
        DiscountPercent = DiscountPercent,
        DiscountAmount = DiscountAmount,
        BonusPoints = BonusPoints,
        CampaignsApplied = CampaignsApplied,
        Stamps = Stamps,
        CouponsIssued = [.. CouponsIssued.Select(c => c.ToWire())],
        PendingUntil = PendingUntil,
        StampsEarned = StampsEarned,
    };
}

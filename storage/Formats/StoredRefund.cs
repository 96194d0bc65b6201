using System.Text.Json.Serialization;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Storage.Formats;

/// <summary>The stored answer of a return (<see cref="RefundResult"/>).</summary>
internal sealed record StoredRefund : StoredRecord
{
    [JsonPropertyName("pointsReversed")] public long PointsReversed { get; init; }
    [JsonPropertyName("pointsReturned")] public long PointsReturned { get; init; }
    [JsonPropertyName("pointsNotRecovered")] public long PointsNotRecovered { get; init; }
    [JsonPropertyName("balance")] public long Balance { get; init; }
    [JsonPropertyName("declined")] public StoredDecline? Declined { get; init; }
    [JsonPropertyName("replayed")] public bool Replayed { get; init; }
    // Written as the wire JSON had it; never read (it follows from Declined).
    [JsonPropertyName("isAccepted")] public bool IsAccepted => Declined is null;
    [JsonPropertyName("bonusPointsReversed")] public long BonusPointsReversed { get; init; }
    [JsonPropertyName("stampsReversed")] public Dictionary<string, int> StampsReversed { get; init; } = [];
    [JsonPropertyName("couponsVoided")] public List<string> CouponsVoided { get; init; } = [];

    public static StoredRefund From(RefundResult r) => new()
    {
        PointsReversed = r.PointsReversed,
        PointsReturned = r.PointsReturned,
        PointsNotRecovered = r.PointsNotRecovered,
        Balance = r.Balance,
        Declined = StoredDecline.From(r.Declined),
        Replayed = r.Replayed,
        BonusPointsReversed = r.BonusPointsReversed,
        StampsReversed = new(r.StampsReversed),
        CouponsVoided = [.. r.CouponsVoided],
    };

    public RefundResult ToWire() => new(PointsReversed, PointsReturned, PointsNotRecovered, Balance, Declined?.ToWire(), Replayed)
    {
        BonusPointsReversed = BonusPointsReversed,
        StampsReversed = StampsReversed,
        CouponsVoided = CouponsVoided,
    };
}

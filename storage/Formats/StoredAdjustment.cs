using System.Text.Json.Serialization;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Storage.Formats;

/// <summary>The stored answer of an adjustment or a bonus given once (<see cref="AdjustmentResult"/>).</summary>
internal sealed record StoredAdjustment : StoredRecord
{
    [JsonPropertyName("points")] public long Points { get; init; }
    [JsonPropertyName("balance")] public long Balance { get; init; }
    [JsonPropertyName("declined")] public StoredDecline? Declined { get; init; }
    [JsonPropertyName("replayed")] public bool Replayed { get; init; }
    // Written as the wire JSON had it; never read (it follows from Declined).
    [JsonPropertyName("isAccepted")] public bool IsAccepted => Declined is null;

    public static StoredAdjustment From(AdjustmentResult a) => new()
    {
        Points = a.Points,
        Balance = a.Balance,
        Declined = StoredDecline.From(a.Declined),
        Replayed = a.Replayed,
    };

    public AdjustmentResult ToWire() => new(Points, Balance, Declined?.ToWire(), Replayed);
}

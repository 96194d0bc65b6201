using System.Text.Json.Serialization;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Storage.Formats;

/// <summary>The stored answer of a redemption, online or offline (<see cref="RedemptionResult"/>).</summary>
internal sealed record StoredRedemption : StoredRecord
{
    [JsonPropertyName("pointsRedeemed")] public long PointsRedeemed { get; init; }
    [JsonPropertyName("value")] public decimal Value { get; init; }
    [JsonPropertyName("balance")] public long Balance { get; init; }
    [JsonPropertyName("declined")] public StoredDecline? Declined { get; init; }
    [JsonPropertyName("replayed")] public bool Replayed { get; init; }
    [JsonPropertyName("debtIncurred")] public long DebtIncurred { get; init; }
    // Written as the wire JSON had it; never read (it follows from Declined).
    [JsonPropertyName("isAccepted")] public bool IsAccepted => Declined is null;

    public static StoredRedemption From(RedemptionResult r) => new()
    {
        PointsRedeemed = r.PointsRedeemed,
        Value = r.Value,
        Balance = r.Balance,
        Declined = StoredDecline.From(r.Declined),
        Replayed = r.Replayed,
        DebtIncurred = r.DebtIncurred,
    };

    public RedemptionResult ToWire() => new(PointsRedeemed, Value, Balance, Declined?.ToWire(), Replayed) { DebtIncurred = DebtIncurred };
}

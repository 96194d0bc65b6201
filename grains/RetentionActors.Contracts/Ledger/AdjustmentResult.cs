namespace RetentionActors.Contracts.Ledger;

/// <summary>The answer to a manual adjustment: the points moved and the balance after it.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.AdjustmentResult")]
public sealed record AdjustmentResult(
    [property: Id(0)] long Points,
    [property: Id(1)] long Balance,
    [property: Id(2)] Decline? Declined = null,
    [property: Id(3)] bool Replayed = false)
{
    public bool IsAccepted => Declined is null;

    public static AdjustmentResult Decline(DeclineReason reason, string message) => new(0, 0, new Decline(reason, message));
}

namespace RetentionActors.Contracts.Ledger;

/// <summary>The answer to a redemption: points spent, their money value, and the balance after it.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.RedemptionResult")]
public sealed record RedemptionResult(
    [property: Id(0)] long PointsRedeemed,
    [property: Id(1)] decimal Value,
    [property: Id(2)] long Balance,
    [property: Id(3)] Decline? Declined = null,
    [property: Id(4)] bool Replayed = false)
{
    /// <summary>For an offline redemption: the points the balance could not cover, now owed by the customer.</summary>
    [Id(5)]
    public long DebtIncurred { get; init; }

    public bool IsAccepted => Declined is null;

    public static RedemptionResult Decline(DeclineReason reason, string message) => new(0, 0, 0, new Decline(reason, message));
}

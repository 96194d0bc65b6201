namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// The answer to a return. <see cref="PointsReversed"/> is taken back from what the purchase earned;
/// <see cref="PointsReturned"/> gives back what the purchase had redeemed. Points already spent
/// elsewhere cannot be taken back below zero: <see cref="PointsNotRecovered"/> says how many.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.RefundResult")]
public sealed record RefundResult(
    [property: Id(0)] long PointsReversed,
    [property: Id(1)] long PointsReturned,
    [property: Id(2)] long PointsNotRecovered,
    [property: Id(3)] long Balance,
    [property: Id(4)] Decline? Declined = null,
    [property: Id(5)] bool Replayed = false)
{
    public bool IsAccepted => Declined is null;

    public static RefundResult Decline(DeclineReason reason, string message) => new(0, 0, 0, 0, new Decline(reason, message));
}

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

    /// <summary>Campaign bonus points of the purchase taken back (its share, like <see cref="PointsReversed"/>); the campaigns get them back in their budget.</summary>
    [Id(6)]
    public long BonusPointsReversed { get; init; }

    /// <summary>Stamps taken back from each stamp card (the purchase's share of the stamps it earned, never below zero).</summary>
    [Id(7)]
    public IReadOnlyDictionary<string, int> StampsReversed { get; init; } = new Dictionary<string, int>();

    /// <summary>Gift coupons of the purchase voided at its full return (unused ones; a used gift stays used).</summary>
    [Id(8)]
    public IReadOnlyList<string> CouponsVoided { get; init; } = [];

    // Records compare collections by reference; an answer is the same answer when its contents are.
    public bool Equals(RefundResult? other) =>
        other is not null
        && (PointsReversed, PointsReturned, PointsNotRecovered, Balance, Declined, Replayed, BonusPointsReversed)
            == (other.PointsReversed, other.PointsReturned, other.PointsNotRecovered, other.Balance, other.Declined, other.Replayed, other.BonusPointsReversed)
        && AccrualResult.SameStamps(StampsReversed, other.StampsReversed) && CouponsVoided.SequenceEqual(other.CouponsVoided);

    public override int GetHashCode() => HashCode.Combine(PointsReversed, PointsReturned, PointsNotRecovered, Balance, Declined, Replayed);

    public static RefundResult Decline(DeclineReason reason, string message) => new(0, 0, 0, 0, new Decline(reason, message));
}

namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// The answer to a purchase: points earned, the balance after it, and what it unlocked.
/// A repeated receipt returns the original answer with <see cref="Replayed"/> set.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.AccrualResult")]
public sealed record AccrualResult(
    [property: Id(0)] long PointsEarned,
    [property: Id(1)] long Balance,
    [property: Id(2)] IReadOnlyList<string> Unlocked,
    [property: Id(3)] Decline? Declined = null,
    [property: Id(4)] bool Replayed = false)
{
    public bool IsAccepted => Declined is null;

    // Records compare lists by reference; an answer is the same answer when its contents are.
    public bool Equals(AccrualResult? other) =>
        other is not null && (PointsEarned, Balance, Declined, Replayed) == (other.PointsEarned, other.Balance, other.Declined, other.Replayed)
        && Unlocked.SequenceEqual(other.Unlocked);

    public override int GetHashCode() => HashCode.Combine(PointsEarned, Balance, Declined, Replayed, Unlocked.Count);

    public static AccrualResult Decline(DeclineReason reason, string message) => new(0, 0, [], new Decline(reason, message));
}

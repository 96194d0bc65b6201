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

    /// <summary>The customer's tier after this purchase (null when the program has no tiers).</summary>
    [Id(5)]
    public string? Tier { get; init; }

    /// <summary>This purchase moved the customer up to <see cref="Tier"/>.</summary>
    [Id(6)]
    public bool TierUpgraded { get; init; }

    /// <summary>Percent off that a discount card gives on this purchase, and what it comes to.</summary>
    [Id(7)]
    public decimal DiscountPercent { get; init; }

    [Id(8)]
    public decimal DiscountAmount { get; init; }

    // Records compare lists by reference; an answer is the same answer when its contents are.
    public bool Equals(AccrualResult? other) =>
        other is not null
        && (PointsEarned, Balance, Declined, Replayed, Tier, TierUpgraded, DiscountPercent, DiscountAmount)
            == (other.PointsEarned, other.Balance, other.Declined, other.Replayed, other.Tier, other.TierUpgraded, other.DiscountPercent, other.DiscountAmount)
        && Unlocked.SequenceEqual(other.Unlocked);

    public override int GetHashCode() => HashCode.Combine(PointsEarned, Balance, Declined, Replayed, Unlocked.Count);

    public static AccrualResult Decline(DeclineReason reason, string message) => new(0, 0, [], new Decline(reason, message));
}

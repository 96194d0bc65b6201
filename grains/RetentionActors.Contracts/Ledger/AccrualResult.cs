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

    /// <summary>Bonus points from campaigns and referral on top of <see cref="PointsEarned"/> (already in <see cref="Balance"/>).</summary>
    [Id(9)]
    public long BonusPoints { get; init; }

    /// <summary>The campaigns that gave something on this purchase.</summary>
    [Id(10)]
    public IReadOnlyList<string> CampaignsApplied { get; init; } = [];

    /// <summary>Stamps now on each stamp card, after any rollover.</summary>
    [Id(11)]
    public IReadOnlyDictionary<string, int> Stamps { get; init; } = new Dictionary<string, int>();

    /// <summary>Coupons this purchase issued (stamp-card rewards, campaign gifts).</summary>
    [Id(12)]
    public IReadOnlyList<Coupons.CouponInfo> CouponsIssued { get; init; } = [];

    /// <summary>When the points earned become spendable, if the program keeps them pending for a return window.</summary>
    [Id(13)]
    public DateTimeOffset? PendingUntil { get; init; }

    /// <summary>
    /// Stamps this purchase earned on each stamp card (before any rollover), kept with the stored answer so a
    /// return can take back its share. Answers stored before this was recorded have none.
    /// </summary>
    [Id(14)]
    public IReadOnlyDictionary<string, int> StampsEarned { get; init; } = new Dictionary<string, int>();

    // Records compare lists by reference; an answer is the same answer when its contents are.
    public bool Equals(AccrualResult? other) =>
        other is not null
        && (PointsEarned, Balance, Declined, Replayed, Tier, TierUpgraded, DiscountPercent, DiscountAmount)
            == (other.PointsEarned, other.Balance, other.Declined, other.Replayed, other.Tier, other.TierUpgraded, other.DiscountPercent, other.DiscountAmount)
        && (BonusPoints, PendingUntil) == (other.BonusPoints, other.PendingUntil)
        && Unlocked.SequenceEqual(other.Unlocked) && CampaignsApplied.SequenceEqual(other.CampaignsApplied)
        && CouponsIssued.SequenceEqual(other.CouponsIssued)
        && SameStamps(Stamps, other.Stamps) && SameStamps(StampsEarned, other.StampsEarned);

    public override int GetHashCode() => HashCode.Combine(PointsEarned, Balance, Declined, Replayed, Unlocked.Count);

    internal static bool SameStamps(IReadOnlyDictionary<string, int> one, IReadOnlyDictionary<string, int> other) =>
        one.Count == other.Count && one.All(s => other.TryGetValue(s.Key, out var n) && n == s.Value);

    public static AccrualResult Decline(DeclineReason reason, string message) => new(0, 0, [], new Decline(reason, message));
}

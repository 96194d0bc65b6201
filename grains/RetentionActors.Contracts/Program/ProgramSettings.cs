namespace RetentionActors.Contracts.Program;

/// <summary>
/// The loyalty program's rules, changeable at run time. Points are whole: earned points are
/// rounded down. Mechanics beyond plain earning are body members, each off by default.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Program.ProgramSettings")]
public sealed record ProgramSettings(
    [property: Id(0)] string Currency,
    [property: Id(1)] decimal PointsPerCurrencyUnit,
    [property: Id(2)] IReadOnlyDictionary<string, decimal> CategoryMultipliers,
    [property: Id(3)] decimal MinimumSpend,
    [property: Id(4)] decimal RedemptionValuePerPoint,
    [property: Id(5)] decimal MaximumPurchaseAmount)
{
    /// <summary>Tiers by rolling 12-month spend, lowest first; the lowest starts at 0. Empty: no tiers.</summary>
    [Id(6)]
    public IReadOnlyList<TierSettings> Tiers { get; init; } = [];

    /// <summary>Months between tier reviews; a tier only goes down at a review. Default: 12.</summary>
    [Id(7)]
    public int TierReviewMonths { get; init; } = 12;

    /// <summary>Percent off every purchase that a discount card gives, told to the till with the accrual. Default: 0.</summary>
    [Id(8)]
    public decimal DiscountPercent { get; init; }

    /// <summary>Months after which earned points expire, oldest first. Default: 0, never.</summary>
    [Id(9)]
    public int PointsExpiryMonths { get; init; }

    /// <summary>What a new installation starts with: 1 point per EUR, 1 cent per point, purchases up to 10,000.</summary>
    public static ProgramSettings Default { get; } = new("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.01m, 10_000m);

    // Records compare collections by reference; settings are equal when their contents are.
    public bool Equals(ProgramSettings? other) =>
        other is not null
        && (Currency, PointsPerCurrencyUnit, MinimumSpend, RedemptionValuePerPoint, MaximumPurchaseAmount, TierReviewMonths, DiscountPercent, PointsExpiryMonths)
            == (other.Currency, other.PointsPerCurrencyUnit, other.MinimumSpend, other.RedemptionValuePerPoint, other.MaximumPurchaseAmount,
                other.TierReviewMonths, other.DiscountPercent, other.PointsExpiryMonths)
        && CategoryMultipliers.Count == other.CategoryMultipliers.Count
        && CategoryMultipliers.All(m => other.CategoryMultipliers.TryGetValue(m.Key, out var x) && x == m.Value)
        && Tiers.SequenceEqual(other.Tiers);

    public override int GetHashCode() => HashCode.Combine(Currency, PointsPerCurrencyUnit, MinimumSpend, CategoryMultipliers.Count, Tiers.Count);
}

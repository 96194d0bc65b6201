namespace RetentionActors.Contracts.Program;

/// <summary>
/// The loyalty program's rules, changeable at run time. Points are whole: earned points are
/// rounded down.
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
    /// <summary>What a new installation starts with: 1 point per EUR, 1 cent per point, purchases up to 10,000.</summary>
    // Records compare dictionaries by reference; settings are equal when their contents are.
    public bool Equals(ProgramSettings? other) =>
        other is not null
        && (Currency, PointsPerCurrencyUnit, MinimumSpend, RedemptionValuePerPoint, MaximumPurchaseAmount)
            == (other.Currency, other.PointsPerCurrencyUnit, other.MinimumSpend, other.RedemptionValuePerPoint, other.MaximumPurchaseAmount)
        && CategoryMultipliers.Count == other.CategoryMultipliers.Count
        && CategoryMultipliers.All(m => other.CategoryMultipliers.TryGetValue(m.Key, out var x) && x == m.Value);

    public override int GetHashCode() => HashCode.Combine(Currency, PointsPerCurrencyUnit, MinimumSpend, CategoryMultipliers.Count);

    public static ProgramSettings Default { get; } = new("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.01m, 10_000m);
}

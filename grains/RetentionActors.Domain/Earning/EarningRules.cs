namespace RetentionActors.Domain.Earning;

/// <summary>
/// How a purchase turns into points: a base rate per currency unit, multipliers per category, and a
/// minimum spend below which nothing is earned. The part of a receipt not covered by lines earns at
/// the base rate. Points are whole and rounded down.
/// </summary>
public sealed class EarningRules
{
    private readonly Dictionary<string, decimal> _multipliers;

    public EarningRules(decimal pointsPerCurrencyUnit, IReadOnlyDictionary<string, decimal> categoryMultipliers, decimal minimumSpend)
    {
        PointsPerCurrencyUnit = pointsPerCurrencyUnit;
        MinimumSpend = minimumSpend;
        _multipliers = new Dictionary<string, decimal>(categoryMultipliers, StringComparer.OrdinalIgnoreCase);
    }

    public decimal PointsPerCurrencyUnit { get; }
    public decimal MinimumSpend { get; }
    public IReadOnlyDictionary<string, decimal> CategoryMultipliers => _multipliers;

    /// <summary>Whole points for a sale; <paramref name="tierMultiplier"/> scales them for the customer's tier.</summary>
    public long PointsFor(decimal total, IEnumerable<SaleLine> lines, decimal tierMultiplier = 1m)
    {
        if (total < MinimumSpend || total <= 0)
        {
            return 0;
        }

        var weighted = total;
        foreach (var line in lines)
        {
            // A line already counts once inside the total; its multiplier adds the difference.
            weighted += line.Amount * (MultiplierFor(line.Category) - 1m);
        }
        return (long)decimal.Floor(Math.Max(0m, weighted) * PointsPerCurrencyUnit * tierMultiplier);
    }

    public decimal MultiplierFor(string? category) =>
        category is not null && _multipliers.TryGetValue(category, out var multiplier) ? multiplier : 1m;
}

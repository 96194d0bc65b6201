using RetentionActors.Domain.Earning;

namespace RetentionActors.Domain;

/// <summary>The rules of one loyalty program, checked for sense when made.</summary>
public sealed class ProgramRules
{
    private ProgramRules(string currency, EarningRules earning, decimal redemptionValuePerPoint, decimal maximumPurchaseAmount)
    {
        Currency = currency;
        Earning = earning;
        RedemptionValuePerPoint = redemptionValuePerPoint;
        MaximumPurchaseAmount = maximumPurchaseAmount;
    }

    public string Currency { get; }
    public EarningRules Earning { get; }
    /// <summary>What one point is worth in money when redeemed.</summary>
    public decimal RedemptionValuePerPoint { get; }
    /// <summary>Purchases above this are declined: a till typo or fraud, not a sale.</summary>
    public decimal MaximumPurchaseAmount { get; }

    /// <summary>Builds the rules, or throws <see cref="ArgumentException"/> listing every problem.</summary>
    public static ProgramRules Create(string currency, decimal pointsPerCurrencyUnit, IReadOnlyDictionary<string, decimal> categoryMultipliers,
        decimal minimumSpend, decimal redemptionValuePerPoint, decimal maximumPurchaseAmount)
    {
        var problems = Problems(currency, pointsPerCurrencyUnit, categoryMultipliers, minimumSpend, redemptionValuePerPoint, maximumPurchaseAmount);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid program settings: " + string.Join(" ", problems));
        }
        return new ProgramRules(currency, new EarningRules(pointsPerCurrencyUnit, categoryMultipliers, minimumSpend),
            redemptionValuePerPoint, maximumPurchaseAmount);
    }

    public static IReadOnlyList<string> Problems(string? currency, decimal pointsPerCurrencyUnit, IReadOnlyDictionary<string, decimal>? categoryMultipliers,
        decimal minimumSpend, decimal redemptionValuePerPoint, decimal maximumPurchaseAmount)
    {
        var problems = new List<string>();
        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            problems.Add("Currency must be a three-letter ISO 4217 code such as EUR.");
        }
        if (pointsPerCurrencyUnit is < 0m or > 1000m)
        {
            problems.Add($"Points per currency unit must be 0 to 1000, not {pointsPerCurrencyUnit}.");
        }
        if (minimumSpend < 0m)
        {
            problems.Add($"Minimum spend cannot be negative ({minimumSpend}).");
        }
        if (redemptionValuePerPoint is <= 0m or > 1000m)
        {
            problems.Add($"Redemption value per point must be above 0 and at most 1000, not {redemptionValuePerPoint}.");
        }
        if (maximumPurchaseAmount is <= 0m or > 100_000_000m)
        {
            problems.Add($"Maximum purchase amount must be above 0 and at most 100,000,000, not {maximumPurchaseAmount}.");
        }
        if (minimumSpend > maximumPurchaseAmount && maximumPurchaseAmount > 0m)
        {
            problems.Add("Minimum spend is above the maximum purchase amount: nothing could ever earn.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (category, multiplier) in categoryMultipliers ?? new Dictionary<string, decimal>())
        {
            if (string.IsNullOrWhiteSpace(category) || category.Trim() != category || category.Length > 64)
            {
                problems.Add($"Category name '{category}' must be 1 to 64 characters without surrounding spaces.");
            }
            else if (!seen.Add(category))
            {
                problems.Add($"Category '{category}' is listed twice.");
            }
            if (multiplier is < 0m or > 100m)
            {
                problems.Add($"Multiplier for '{category}' must be 0 to 100, not {multiplier}.");
            }
        }
        return problems;
    }
}

using RetentionActors.Domain.Earning;
using RetentionActors.Domain.Tiers;

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

    public TierPolicy Tiers { get; private init; } = TierPolicy.None;

    /// <summary>Percent off every purchase (a discount card); 0 for none.</summary>
    public decimal DiscountPercent { get; private init; }

    /// <summary>The discount on a purchase of <paramref name="amount"/>, rounded to the cent.</summary>
    public decimal DiscountOn(decimal amount) => decimal.Round(amount * DiscountPercent / 100m, 2, MidpointRounding.AwayFromZero);

    /// <summary>Months after which earned points expire; 0 for never.</summary>
    public int PointsExpiryMonths { get; private init; }

    public Mechanics.Mechanics Mechanics { get; private init; } = Domain.Mechanics.Mechanics.None;

    /// <summary>Adds stamp cards, campaigns, rewards, referral, birthday, pending points and limits, or throws listing every problem.</summary>
    public ProgramRules With(Mechanics.Mechanics mechanics)
    {
        var problems = mechanics.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid program settings: " + string.Join(" ", problems));
        }
        return new ProgramRules(Currency, Earning, RedemptionValuePerPoint, MaximumPurchaseAmount)
        {
            Tiers = Tiers,
            DiscountPercent = DiscountPercent,
            PointsExpiryMonths = PointsExpiryMonths,
            Mechanics = mechanics,
        };
    }

    /// <summary>
    /// Adds tiers, discount and expiry, or throws <see cref="ArgumentException"/> listing every problem. Whatever else the
    /// rules hold (their <see cref="Mechanics"/>) is kept, so the two <c>With</c>s can be called in either order.
    /// </summary>
    public ProgramRules With(IReadOnlyList<Tier> tiers, int tierReviewMonths, decimal discountPercent, int pointsExpiryMonths)
    {
        var problems = MechanicsProblems(tiers, tierReviewMonths, discountPercent, pointsExpiryMonths);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid program settings: " + string.Join(" ", problems));
        }
        return new ProgramRules(Currency, Earning, RedemptionValuePerPoint, MaximumPurchaseAmount)
        {
            Tiers = new TierPolicy(tiers, tierReviewMonths),
            DiscountPercent = discountPercent,
            PointsExpiryMonths = pointsExpiryMonths,
            Mechanics = Mechanics,
        };
    }

    public static IReadOnlyList<string> MechanicsProblems(IReadOnlyList<Tier> tiers, int tierReviewMonths, decimal discountPercent, int pointsExpiryMonths) =>
        ProgramProblem.Messages(MechanicsFieldProblems(tiers, tierReviewMonths, discountPercent, pointsExpiryMonths));

    /// <summary>The problems of tiers, discount and expiry, each with the field it concerns (one per offending tier).</summary>
    public static IReadOnlyList<ProgramProblem> MechanicsFieldProblems(IReadOnlyList<Tier> tiers, int tierReviewMonths, decimal discountPercent, int pointsExpiryMonths)
    {
        var problems = new List<ProgramProblem>();
        void Each(Func<Tier, bool> broken, string field, string message) =>
            problems.AddRange(tiers.Select((t, i) => (t, i)).Where(x => broken(x.t)).Select(x => new ProgramProblem($"tiers[{x.i}].{field}", message)));
        Each(t => string.IsNullOrWhiteSpace(t.Name) || t.Name.Trim() != t.Name || t.Name.Length > 40, "name",
            "Every tier needs a name of 1 to 40 characters without surrounding spaces.");
        Each(t => t.MinimumSpend < 0m, "minimumSpend", "A tier's minimum spend cannot be negative.");
        Each(t => t.EarnMultiplier is < 0m or > 100m, "earnMultiplier", "A tier's earn multiplier must be 0 to 100.");
        // A repeat is the later tier's fault: the first one was fine until the second came.
        problems.AddRange(Repeats(tiers.Select(t => t.Name), StringComparer.OrdinalIgnoreCase).Select(i => new ProgramProblem($"tiers[{i}].name", "Tier names must differ.")));
        problems.AddRange(Repeats(tiers.Select(t => t.MinimumSpend), EqualityComparer<decimal>.Default)
            .Select(i => new ProgramProblem($"tiers[{i}].minimumSpend", "Tiers overlap: two tiers start at the same spend.")));
        if (tiers.Count > 0 && tiers.Min(t => t.MinimumSpend) != 0m)
        {
            var lowest = tiers.Select((t, i) => (t, i)).MinBy(x => x.t.MinimumSpend).i;
            problems.Add(new($"tiers[{lowest}].minimumSpend", "The lowest tier must start at a spend of 0, so that every customer has a tier."));
        }
        if (tierReviewMonths is < 1 or > 60)
        {
            problems.Add(new("tierReviewMonths", $"Tier review must come every 1 to 60 months, not {tierReviewMonths}."));
        }
        if (discountPercent is < 0m or > 100m)
        {
            problems.Add(new("discountPercent", $"Discount must be 0 to 100 percent, not {discountPercent}."));
        }
        if (pointsExpiryMonths is < 0 or > 120)
        {
            problems.Add(new("pointsExpiryMonths", $"Points expire after 0 (never) to 120 months, not {pointsExpiryMonths}."));
        }
        return problems;
    }

    /// <summary>The positions of values seen before them in the list.</summary>
    internal static IEnumerable<int> Repeats<T>(IEnumerable<T> values, IEqualityComparer<T> comparer)
    {
        var seen = new HashSet<T>(comparer);
        return values.Select((v, i) => (v, i)).Where(x => !seen.Add(x.v)).Select(x => x.i).ToList();
    }

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
        decimal minimumSpend, decimal redemptionValuePerPoint, decimal maximumPurchaseAmount) =>
        ProgramProblem.Messages(FieldProblems(currency, pointsPerCurrencyUnit, categoryMultipliers, minimumSpend, redemptionValuePerPoint, maximumPurchaseAmount));

    /// <summary>The problems of the earning settings, each with the field it concerns.</summary>
    public static IReadOnlyList<ProgramProblem> FieldProblems(string? currency, decimal pointsPerCurrencyUnit, IReadOnlyDictionary<string, decimal>? categoryMultipliers,
        decimal minimumSpend, decimal redemptionValuePerPoint, decimal maximumPurchaseAmount)
    {
        var problems = new List<ProgramProblem>();
        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            problems.Add(new("currency", "Currency must be a three-letter ISO 4217 code such as EUR."));
        }
        if (pointsPerCurrencyUnit is < 0m or > 1000m)
        {
            problems.Add(new("pointsPerCurrencyUnit", $"Points per currency unit must be 0 to 1000, not {pointsPerCurrencyUnit}."));
        }
        if (minimumSpend < 0m)
        {
            problems.Add(new("minimumSpend", $"Minimum spend cannot be negative ({minimumSpend})."));
        }
        if (redemptionValuePerPoint is <= 0m or > 1000m)
        {
            problems.Add(new("redemptionValuePerPoint", $"Redemption value per point must be above 0 and at most 1000, not {redemptionValuePerPoint}."));
        }
        if (maximumPurchaseAmount is <= 0m or > 100_000_000m)
        {
            problems.Add(new("maximumPurchaseAmount", $"Maximum purchase amount must be above 0 and at most 100,000,000, not {maximumPurchaseAmount}."));
        }
        if (minimumSpend > maximumPurchaseAmount && maximumPurchaseAmount > 0m)
        {
            problems.Add(new("minimumSpend", "Minimum spend is above the maximum purchase amount: nothing could ever earn."));
        }

        // Category names are keys, not positions: the problem names the category and sits with the multipliers.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (category, multiplier) in categoryMultipliers ?? new Dictionary<string, decimal>())
        {
            if (string.IsNullOrWhiteSpace(category) || category.Trim() != category || category.Length > 64)
            {
                problems.Add(new("categoryMultipliers", $"Category name '{category}' must be 1 to 64 characters without surrounding spaces."));
            }
            else if (!seen.Add(category))
            {
                problems.Add(new("categoryMultipliers", $"Category '{category}' is listed twice."));
            }
            if (multiplier is < 0m or > 100m)
            {
                problems.Add(new("categoryMultipliers", $"Multiplier for '{category}' must be 0 to 100, not {multiplier}."));
            }
        }
        return problems;
    }
}

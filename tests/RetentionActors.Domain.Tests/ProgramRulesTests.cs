namespace RetentionActors.Domain.Tests;

public sealed class ProgramRulesTests
{
    private static readonly Dictionary<string, decimal> NoMultipliers = [];

    [Fact]
    public void Sensible_settings_make_rules()
    {
        var rules = ProgramRules.Create("EUR", 1m, new Dictionary<string, decimal> { ["coffee"] = 2m }, 0m, 0.01m, 10_000m);

        Assert.Equal((0.01m, 10_000m, 2m), (rules.RedemptionValuePerPoint, rules.MaximumPurchaseAmount, rules.Earning.MultiplierFor("COFFEE")));
    }

    [Fact]
    public void Every_problem_is_listed()
    {
        var problems = ProgramRules.Problems("euro", -1m, new Dictionary<string, decimal> { [" "] = 1m, ["wine"] = -2m }, -5m, 0m, 0m);

        Assert.Equal(7, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Maximum purchase amount", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Currency", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Points per currency unit", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Minimum spend cannot be negative", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Redemption value", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Category name ' '", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Multiplier for 'wine'", StringComparison.Ordinal));
    }

    [Fact]
    public void Tiers_added_after_the_mechanics_keep_the_mechanics()
    {
        var mechanics = new Mechanics.Mechanics { BirthdayBonus = 50, PendingDays = 14 };

        var rules = ProgramRules.Create("EUR", 1m, NoMultipliers, 0m, 0.01m, 10_000m)
            .With(mechanics)
            .With([new Tiers.Tier("Member", 0m, 1m)], 12, 0m, 24);

        Assert.Equal((mechanics, 24, true), (rules.Mechanics, rules.PointsExpiryMonths, rules.Tiers.IsEnabled));
    }

    [Fact]
    public void Category_names_differing_only_in_case_are_a_duplicate()
    {
        var problems = ProgramRules.Problems("EUR", 1m, new Dictionary<string, decimal> { ["Coffee"] = 2m, ["coffee"] = 3m }, 0m, 0.01m, 100m);

        Assert.Equal(["Category 'coffee' is listed twice."], problems);
    }

    [Fact]
    public void Create_refuses_invalid_settings()
    {
        var error = Assert.Throws<ArgumentException>(() => ProgramRules.Create("EUR", 1m, NoMultipliers, 200m, 0.01m, 100m));

        Assert.Contains("Minimum spend is above the maximum purchase amount", error.Message);
    }
}

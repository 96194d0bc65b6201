using RetentionActors.Domain.Earning;

namespace RetentionActors.Domain.Tests;

public sealed class EarningRulesTests
{
    private static readonly EarningRules Rules = new(1m, new Dictionary<string, decimal> { ["Coffee"] = 2m, ["tobacco"] = 0m }, minimumSpend: 5m);

    [Theory]
    [InlineData(10.00, 10)]
    [InlineData(10.99, 10)]
    [InlineData(5.00, 5)]
    [InlineData(4.99, 0)]
    public void Points_are_whole_and_rounded_down_with_nothing_below_the_minimum_spend(decimal total, long expected)
    {
        Assert.Equal(expected, Rules.PointsFor(total, []));
    }

    [Fact]
    public void Category_multipliers_apply_to_their_lines_and_the_rest_earns_at_the_base_rate()
    {
        // 100 total: coffee 10 ×2 = 20, tobacco 20 ×0 = 0, the uncovered 70 ×1 = 70.
        var points = Rules.PointsFor(100m, [new SaleLine("coffee", 10m), new SaleLine("tobacco", 20m)]);

        Assert.Equal(90, points);
    }

    [Fact]
    public void Unknown_or_missing_category_earns_at_the_base_rate()
    {
        Assert.Equal(30, Rules.PointsFor(30m, [new SaleLine("garden", 10m), new SaleLine(null, 10m)]));
    }

    [Fact]
    public void Base_rate_scales_the_weighted_amount()
    {
        var rules = new EarningRules(2.5m, new Dictionary<string, decimal> { ["coffee"] = 2m }, 0m);

        Assert.Equal(37, rules.PointsFor(10m, [new SaleLine("coffee", 5m)])); // (10 + 5) × 2.5 = 37.5 → 37
    }
}

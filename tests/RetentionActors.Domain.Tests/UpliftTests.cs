using RetentionActors.Domain.Uplift;

namespace RetentionActors.Domain.Tests;

public sealed class HoldoutTests
{
    [Fact]
    public void The_same_action_and_customer_always_land_in_the_same_group()
    {
        // Pinned values: a change of hash or of its input would move customers between groups of a running action.
        Assert.Equal(Holdout.Bucket("campaign:spring", "c-1"), Holdout.Bucket("campaign:spring", "c-1"));
        Assert.Equal(ExpectedBuckets, Enumerable.Range(1, 5).Select(i => Holdout.Bucket("campaign:spring", $"c-{i}")).ToArray());
    }

    // Recorded from the first run of Holdout.Bucket; they must never change.
    private static readonly int[] ExpectedBuckets = [103, 1080, 8433, 7177, 3036];

    [Fact]
    public void Action_and_customer_are_kept_apart_in_the_draw()
    {
        Assert.NotEqual(Holdout.Bucket("ab", "c"), Holdout.Bucket("a", "bc"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(90)]
    public void About_the_holdout_share_of_customers_is_held_out(int percent)
    {
        var heldOut = Enumerable.Range(0, 20_000).Count(i => Holdout.IsHeldOut("winback:w1", $"customer-{i}", percent));
        // Binomial standard deviation at 20,000 draws is at most 0.35 %: five of them either side.
        Assert.InRange(heldOut / 20_000.0, percent / 100.0 - 0.018, percent / 100.0 + 0.018);
        if (percent == 0)
        {
            Assert.Equal(0, heldOut);
        }
    }

    [Fact]
    public void A_larger_holdout_keeps_everyone_a_smaller_one_held_out()
    {
        var customers = Enumerable.Range(0, 2_000).Select(i => $"k{i}").ToList();
        Assert.All(customers.Where(c => Holdout.IsHeldOut("a", c, 20)), c => Assert.True(Holdout.IsHeldOut("a", c, 30)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(91)]
    public void A_holdout_outside_0_to_90_percent_is_refused(int percent)
    {
        Assert.False(Holdout.IsValidPercent(percent));
        Assert.Throws<ArgumentOutOfRangeException>(() => Holdout.IsHeldOut("a", "b", percent));
    }
}

public sealed class UpliftStatisticsTests
{
    [Fact]
    public void Wilson_interval_of_none_and_all()
    {
        Assert.Equal(0.2775, UpliftStatistics.Wilson(0, 10).High, 4);
        Assert.Equal(0, UpliftStatistics.Wilson(0, 10).Low, 10);
        Assert.Equal(0.7225, UpliftStatistics.Wilson(10, 10).Low, 4);
    }

    // Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10.
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    public void Difference_of_proportions_matches_Newcombes_published_intervals(int s1, int n1, int s2, int n2, double low, double high)
    {
        var d = UpliftStatistics.DifferenceOfProportions(s1, n1, s2, n2);
        Assert.Equal((double)s1 / n1 - (double)s2 / n2, d.Value, 10);
        Assert.Equal(low, d.Low, 4);
        Assert.Equal(high, d.High, 4);
    }

    [Theory]
    [InlineData(5, 2.5706)]
    [InlineData(10, 2.2281)]
    [InlineData(30, 2.0423)]
    [InlineData(1e9, 1.9600)]
    public void Student_t_quantile_matches_the_tables(double df, double expected)
    {
        Assert.Equal(expected, UpliftStatistics.StudentT975(df), 0.0005);
    }

    [Fact]
    public void Welch_interval_by_hand()
    {
        // 1..5 against 2,4,..,10: means 3 and 6, variances 2.5 and 10, standard error √(0.5 + 2) and
        // Welch–Satterthwaite df = 2.5² / (0.5²/4 + 2²/4) = 5.882.
        var first = Of(1, 2, 3, 4, 5);
        var second = Of(2, 4, 6, 8, 10);
        Assert.Equal(2.5, first.Variance, 10);
        var d = UpliftStatistics.DifferenceOfMeans(first, second);
        var half = UpliftStatistics.StudentT975(6.25 / (0.0625 + 1.0)) * Math.Sqrt(2.5);
        Assert.Equal(-3, d.Value, 10);
        Assert.Equal(-3 - half, d.Low, 10);
        Assert.Equal(-3 + half, d.High, 10);
        Assert.InRange(half, 3.85, 3.90);
    }

    [Fact]
    public void Welch_interval_is_unbounded_for_a_group_of_one()
    {
        var d = UpliftStatistics.DifferenceOfMeans(Of(4), Of(1, 2, 3));
        Assert.True(d.SpansZero);
    }

    internal static Moments Of(params double[] values) => new(values.Length, values.Sum(), values.Sum(v => v * v));
}

public sealed class UpliftAnalysisTests
{
    [Fact]
    public void A_clear_uplift_reads_as_an_effect_with_its_cost_per_returning_customer()
    {
        var treated = Group(customers: 2000, returned: 520, purchases: 800, spend: 40_000);
        var heldOut = Group(customers: 2000, returned: 400, purchases: 600, spend: 30_000);
        var figures = UpliftAnalysis.Compare(treated, heldOut, cost: 6000, costUnit: "points");
        Assert.Equal(0.06, figures.ReturnShare.Value, 10);
        Assert.True(figures.ReturnShare.Low > 0);
        Assert.Equal(120, figures.IncrementalReturningCustomers.Value, 6);
        Assert.Equal(10_000, figures.IncrementalRevenue.Value, 6);
        Assert.Equal(50, figures.CostPerIncrementalReturningCustomer!.Value, 6);
        Assert.StartsWith("The action brought customers back", figures.Reading);
        Assert.Contains("+6.0 points", figures.Reading);
    }

    [Fact]
    public void An_interval_that_spans_zero_reads_as_no_measurable_effect_and_has_no_cost_per_returner_when_not_positive()
    {
        var figures = UpliftAnalysis.Compare(Group(1000, 199, 250, 10_000), Group(1000, 200, 250, 10_000), 500, "points");
        Assert.True(figures.ReturnShare.SpansZero);
        Assert.StartsWith("No measurable effect", figures.Reading);
        Assert.Null(figures.CostPerIncrementalReturningCustomer);
    }

    [Fact]
    public void Without_a_held_out_group_there_is_nothing_to_compare()
    {
        var figures = UpliftAnalysis.Compare(Group(100, 30, 40, 1000), GroupOutcome.Empty, 0, "points");
        Assert.False(figures.Measurable);
        Assert.StartsWith("Nothing to compare", figures.Reading);
    }

    // Returning customers made one purchase or more; spread them so each group has some variance.
    private static GroupOutcome Group(long customers, long returned, long purchases, double spend)
    {
        var perPurchase = spend / purchases;
        var extra = purchases - returned;
        var counts = new Moments(customers, purchases, returned + 3.0 * extra);
        var spends = new Moments(customers, spend, (returned + 3.0 * extra) * perPurchase * perPurchase);
        return new GroupOutcome(customers, returned, counts, spends);
    }
}

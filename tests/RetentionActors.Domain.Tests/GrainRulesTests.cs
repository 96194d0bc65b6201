using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Purchases;

namespace RetentionActors.Domain.Tests;

/// <summary>The smaller rules the customer grain used to decide itself: four eyes, offline allowances, the breaches kept.</summary>
public sealed class GrainRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 5000, null, false)]
    [InlineData(100, 100, null, false)]
    [InlineData(100, 101, null, true)]
    [InlineData(100, -101, null, true)]
    [InlineData(100, 101, "ann", true)]
    [InlineData(100, 101, "bob", false)]
    public void An_adjustment_past_the_threshold_needs_a_second_operator(long threshold, long points, string? approvedBy, bool lacks) =>
        Assert.Equal(lacks, AdjustmentApproval.LacksSecondOperator(threshold, points, "ann", approvedBy));

    [Fact]
    public void An_offline_allowance_lends_up_to_the_daily_limit_of_what_is_spendable_less_the_debt()
    {
        var account = new PointsAccount();
        foreach (var entry in account.Earn(new TillReference("s1", "t1", "earn", "mag:1", Now.AddDays(-1)), 30m, 30, Now).Entries)
        {
            account.Apply(entry);
        }
        foreach (var entry in account.RedeemOffline(new TillReference("s1", "t1", "off", "mag:1", Now), 50, 50, 0.5m, Now).Entries)
        {
            account.Apply(entry);
        }

        Assert.Equal(20, account.Debt);
        Assert.Equal(-20, account.OfflineAllowance(100, Now, LotTiming.Immediate));
        foreach (var entry in account.Earn(new TillReference("s1", "t1", "earn2", "mag:1", Now), 70m, 70, Now).Entries)
        {
            account.Apply(entry);
        }
        // 70 earned, 20 of it paid the debt back: 50 spendable, no debt.
        Assert.Equal((40L, 50L), (account.OfflineAllowance(40, Now, LotTiming.Immediate), account.OfflineAllowance(100, Now, LotTiming.Immediate)));
    }

    [Fact]
    public void The_document_keeps_the_fifty_most_recent_breaches()
    {
        var breaches = Enumerable.Range(1, 50).Select(i => $"old {i}").ToList();

        var after = LimitBreaches.After(breaches, Now, "too many");

        Assert.Equal(50, after.Count);
        Assert.Equal(("old 2", $"{Now:O} too many"), (after[0], after[^1]));
        Assert.Equal([$"{Now:O} too many"], LimitBreaches.After([], Now, "too many"));
    }
}

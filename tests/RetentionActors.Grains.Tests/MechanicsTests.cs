using Orleans.Runtime;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests;

/// <summary>Tiers, discount cards, expiry and time-of-sale rules, with a clock the test moves.</summary>
[Collection(MechanicsCluster.Name)]
public sealed class MechanicsTests(MechanicsClusterFixture fixture)
{
    private static readonly ProgramSettings Base = TestClusters.Program with { MinimumSpend = 0m };
    private readonly Shop _shop = new(fixture.Client);
    private readonly IProgramGrain _program = fixture.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private Purchase Sale(string receipt, decimal amount) => new("store-1", "till-1", receipt, Now, amount);

    [Fact]
    public async Task Tier_rises_on_the_qualifying_purchase_and_falls_only_at_the_review()
    {
        await _program.UpdateAsync(Base with
        {
            Tiers = [new("Member", 0m, 1m), new("Silver", 500m, 1.5m), new("Gold", 2000m, 2m)],
            TierReviewMonths = 12,
        }, "op-tiers");
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var start = Now;

        var first = await card.EarnAsync(Sale("T1", 400m));
        var qualifying = await card.EarnAsync(Sale("T2", 150m));
        var summary = (await customer.GetAsync())!;

        Assert.Equal(("Member", false, 400L), (first.Tier, first.TierUpgraded, first.PointsEarned));
        Assert.Equal(("Silver", true, 225L), (qualifying.Tier, qualifying.TierUpgraded, qualifying.PointsEarned)); // 150 × 1.5
        Assert.Equal(["Tier Silver"], qualifying.Unlocked);
        Assert.Equal(("Silver", "Gold", 1450m, start.AddMonths(12)), (summary.Tier, summary.NextTier, summary.SpendToNextTier, summary.TierReviewAt));

        fixture.Clock.SetUtcNow(start.AddMonths(12).AddDays(-1)); // spend still counts, review not yet due
        await customer.RunMaintenanceAsync();
        Assert.Equal("Silver", (await customer.GetAsync())!.Tier);

        fixture.Clock.SetUtcNow(start.AddMonths(12).AddDays(1)); // the year's spend has rolled off and the review is due
        await customer.RunMaintenanceAsync();
        var reviewed = (await customer.GetAsync())!;
        Assert.Equal(("Member", start.AddMonths(24)), (reviewed.Tier, reviewed.TierReviewAt));
    }

    [Fact]
    public async Task Points_expire_oldest_first_exactly_once_and_the_customer_keeps_no_reminder()
    {
        await _program.UpdateAsync(Base with { PointsExpiryMonths = 12 }, "op-expiry");
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync();
        var start = Now;
        await card.EarnAsync(Sale("E1", 100m));
        fixture.Clock.Advance(TimeSpan.FromDays(60));
        await card.EarnAsync(Sale("E2", 50m));

        fixture.Clock.SetUtcNow(start.AddMonths(12).AddDays(-10));
        var soon = (await customer.GetAsync())!.PointsExpiringSoon;
        fixture.Clock.SetUtcNow(start.AddMonths(12).AddDays(1));
        await customer.RunMaintenanceAsync();
        await customer.RunMaintenanceAsync();
        await fixture.Cluster.DeactivateAsync(customer);
        await customer.RunMaintenanceAsync();

        Assert.Equal(100, soon);
        var ledger = await customer.GetLedgerAsync();
        var expiry = Assert.Single(ledger, e => e.Kind == LedgerEntryKind.Expiry);
        Assert.Equal((-100L, "expiry/1", 50L), (expiry.Points, expiry.IdempotencyKey, expiry.BalanceAfter));
        Assert.Equal(50, (await customer.GetAsync())!.Balance);
        Assert.Null(await ReminderAsync(customerId, "maintenance")); // the maintenance sweeps find it when due
    }

    [Fact]
    public async Task Discount_card_percentage_comes_back_with_the_accrual()
    {
        await _program.UpdateAsync(Base with { DiscountPercent = 5m }, "op-discount");
        var (_, card, _, _) = await _shop.EnrolledWithCardAsync();

        var result = await card.EarnAsync(Sale("D1", 49.99m));

        Assert.Equal((5m, 2.50m, 49L), (result.DiscountPercent, result.DiscountAmount, result.PointsEarned));
    }

    [Fact]
    public async Task A_late_sale_is_judged_by_the_rules_in_force_when_it_occurred()
    {
        await _program.UpdateAsync(Base with { Tiers = [], PointsPerCurrencyUnit = 1m }, "op-v1");
        var (_, card, _, _) = await _shop.EnrolledWithCardAsync();
        var saleTime = Now;
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await _program.UpdateAsync(Base with { Tiers = [], PointsPerCurrencyUnit = 3m }, "op-v2");
        fixture.Clock.Advance(TimeSpan.FromHours(2));

        var late = await card.EarnAsync(Sale("LATE", 10m) with { OccurredAt = saleTime }); // replayed from an offline outbox
        var fresh = await card.EarnAsync(Sale("FRESH", 10m));

        Assert.Equal((10L, 30L), (late.PointsEarned, fresh.PointsEarned));
    }

    [Theory]
    [InlineData(-1, "negative")]
    [InlineData(0, "overlap")]
    [InlineData(1, "start at a spend of 0")]
    public async Task Impossible_tier_settings_are_refused(int variant, string expected)
    {
        TierSettings[] tiers = variant switch
        {
            -1 => [new("Member", 0m, 1m), new("Silver", -5m, 1m)],
            0 => [new("Member", 0m, 1m), new("Silver", 0m, 2m)],
            _ => [new("Silver", 100m, 1m)],
        };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _program.UpdateAsync(Base with { Tiers = tiers }, "op-bad"));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<ReminderEntry?> ReminderAsync(string customerId, string name)
    {
        var silo = fixture.Cluster.Silos[0];
        var table = (IReminderTable)fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetService(typeof(IReminderTable))!;
        return await table.ReadRow(GrainId.Create("customer", customerId), name);
    }
}

using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests;

/// <summary>Stamp cards, coupons, the rewards catalogue and campaign budgets.</summary>
[Collection(MechanicsCluster.Name)]
public sealed class RewardMechanicsTests(MechanicsClusterFixture fixture)
{
    private static readonly ProgramSettings Base = TestClusters.Program with { MinimumSpend = 0m };
    private readonly Shop _shop = new(fixture.Client);
    private readonly IProgramGrain _program = fixture.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);

    // A store of the test's own: receipt numbers are the tests' own too, and a receipt earns for one customer only.
    private readonly string _store = Shop.NewId("store");

    private Purchase Sale(string receipt, decimal amount, params PurchaseLine[] lines) =>
        new(_store, "till-1", receipt, fixture.Clock.GetUtcNow(), amount, lines.Length == 0 ? null : lines);

    [Fact]
    public async Task Sixth_coffee_is_free_and_extra_stamps_roll_over()
    {
        await _program.UpdateAsync(Base with { StampCards = [new("coffee-card", "Coffee card", null, "coffee", 6, "A free coffee")] }, "op-stamps");
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        var first = await card.EarnAsync(Sale("S1", 12m, new PurchaseLine("latte", "coffee", 4, 12m)));
        var second = await card.EarnAsync(Sale("S2", 15m, new PurchaseLine("espresso", "coffee", 5, 10m), new PurchaseLine("bun", "bakery", 1, 5m)));
        var replay = await card.EarnAsync(Sale("S2", 15m));

        Assert.Equal(4, first.Stamps["coffee-card"]);
        Assert.Empty(first.CouponsIssued);
        Assert.Equal(3, second.Stamps["coffee-card"]);
        var coupon = Assert.Single(second.CouponsIssued);
        Assert.Equal((CouponKind.FreeItem, "A free coffee"), (coupon.Kind, coupon.Description));
        Assert.Equal(second with { Replayed = true }, replay);
        var summary = (await customer.GetAsync())!;
        Assert.Equal([coupon.Code], summary.Coupons);
        Assert.Equal(3, summary.Stamps["coffee-card"]);
        Assert.Equal(coupon, await fixture.Client.GetGrain<ICouponGrain>(coupon.Code).GetAsync());
    }

    [Fact]
    public async Task A_coupon_is_redeemed_once_even_when_tills_try_it_at_the_same_time()
    {
        await _program.UpdateAsync(Base with { Rewards = [new("cake", "A free cake", 50, CouponKind.FreeItem, 0m)] }, "op-rewards");
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Sale("R1", 120m));
        var claim = await customer.ClaimRewardAsync("cake", "claim-1");
        var coupon = fixture.Client.GetGrain<ICouponGrain>(claim.Coupon!.Code);

        var tries = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => coupon.RedeemAsync(Use($"USE-{i}"), customerId)));

        Assert.Single(tries, t => t.IsAccepted);
        Assert.All(tries.Where(t => !t.IsAccepted), t => Assert.Equal(DeclineReason.CouponUsed, t.Declined!.Reason));
        var winner = tries.Single(t => t.IsAccepted).Coupon!.RedeemedReceipt!;
        Assert.True((await coupon.RedeemAsync(Use(winner.Split('/')[^1]), customerId)).IsAccepted); // the same till retrying
        Assert.Equal(DeclineReason.UnknownCoupon, (await fixture.Client.GetGrain<ICouponGrain>("CNOSUCHCODE").RedeemAsync(Use("X"), null)).Declined?.Reason);
    }

    [Fact]
    public async Task A_reward_costs_its_points_once_per_claim()
    {
        await _program.UpdateAsync(Base with { Rewards = [new("voucher", "5 EUR off", 50, CouponKind.FixedDiscount, 5m)] }, "op-rewards");
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Sale("R1", 60m));

        var claim = await customer.ClaimRewardAsync("voucher", "claim-1");
        var again = await customer.ClaimRewardAsync("voucher", "claim-1");
        var tooPoor = await customer.ClaimRewardAsync("voucher", "claim-2");
        var unknown = await customer.ClaimRewardAsync("yacht", "claim-3");

        Assert.Equal((50L, 10L, 5m), (claim.PointsSpent, claim.Balance, claim.Coupon!.Value));
        Assert.Equal(claim with { Replayed = true }, again);
        Assert.Equal(DeclineReason.InsufficientPoints, tooPoor.Declined?.Reason);
        Assert.Equal(DeclineReason.UnknownReward, unknown.Declined?.Reason);
        Assert.Equal(10, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task Campaign_budget_is_never_exceeded_under_fifty_concurrent_purchases_across_two_silos()
    {
        var now = fixture.Clock.GetUtcNow();
        var campaign = new CampaignSettings("spend-20", "10 points over 20 EUR", CampaignKind.SpendBonus, now.AddDays(-1), now.AddDays(7))
        {
            Threshold = 20m,
            BonusPoints = 10,
            PointsBudget = 100,
        };
        await _program.UpdateAsync(Base with { Campaigns = [campaign] }, "op-campaign");
        var customers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _shop.EnrolledWithCardAsync()));

        var answers = await Task.WhenAll(customers.Select(c => c.Card.EarnAsync(Sale($"BIG-{c.CustomerId}", 25m))));
        var status = await fixture.Client.GetGrain<ICampaignGrain>("spend-20").GetAsync(campaign);

        Assert.Equal(10, answers.Count(a => a.BonusPoints == 10));
        Assert.Equal(100, answers.Sum(a => a.BonusPoints));
        Assert.All(answers.Where(a => a.BonusPoints > 0), a => Assert.Equal(["10 points over 20 EUR"], a.CampaignsApplied));
        Assert.Equal((100L, 0L, false), (status.Given, status.Remaining, status.Open));
        var ledgerBonuses = 0L;
        foreach (var c in customers)
        {
            ledgerBonuses += (await c.Customer.GetLedgerAsync()).Where(e => e.Kind == LedgerEntryKind.Bonus).Sum(e => e.Points);
        }
        Assert.Equal(100, ledgerBonuses);
    }

    [Fact]
    public async Task Category_multiplier_campaign_applies_only_within_its_dates()
    {
        var now = fixture.Clock.GetUtcNow();
        var campaign = new CampaignSettings("wine-week", "Wine ×3", CampaignKind.CategoryMultiplier, now, now.AddDays(7)) { Category = "wine", Multiplier = 3m, PointsBudget = 10_000 };
        await _program.UpdateAsync(Base with { Campaigns = [campaign] }, "op-campaign");
        var (_, card, _, _) = await _shop.EnrolledWithCardAsync();

        var during = await card.EarnAsync(Sale("W1", 30m, new PurchaseLine("rioja", "wine", 1, 20m)));
        fixture.Clock.Advance(TimeSpan.FromDays(8));
        var after = await card.EarnAsync(Sale("W2", 30m, new PurchaseLine("rioja", "wine", 1, 20m)));

        Assert.Equal((30L, 40L), (during.PointsEarned, during.BonusPoints)); // 20 × (3 − 1) extra
        Assert.Equal((30L, 0L), (after.PointsEarned, after.BonusPoints));
    }

    [Fact]
    public async Task Gift_campaign_gives_a_coupon_per_large_purchase_while_stock_lasts()
    {
        var now = fixture.Clock.GetUtcNow();
        var gift = new CampaignSettings("tote", "Tote bag over 100", CampaignKind.Gift, now.AddDays(-1), now.AddDays(7)) { Threshold = 100m, Gift = "A tote bag", GiftStock = 2 };
        await _program.UpdateAsync(Base with { Campaigns = [gift] }, "op-gift");
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _shop.EnrolledWithCardAsync()));

        var small = await shoppers[0].Card.EarnAsync(Sale("G0", 99m));
        var answers = new List<AccrualResult>();
        foreach (var shopper in shoppers)
        {
            answers.Add(await shopper.Card.EarnAsync(Sale($"G1-{shopper.CustomerId}", 150m)));
        }

        Assert.Empty(small.CouponsIssued);
        Assert.Equal([1, 1, 0], answers.Select(a => a.CouponsIssued.Count));
        Assert.Equal("A tote bag", answers[0].CouponsIssued[0].Description);
        Assert.Equal(["Tote bag over 100"], answers[1].CampaignsApplied);
        Assert.Empty(answers[2].CampaignsApplied);
    }

    [Fact]
    public async Task A_campaign_that_ends_before_it_starts_is_refused()
    {
        var now = fixture.Clock.GetUtcNow();
        var backwards = new CampaignSettings("oops", "Oops", CampaignKind.SpendBonus, now, now.AddDays(-1)) { PointsBudget = 10, BonusPoints = 1 };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _program.UpdateAsync(Base with { Campaigns = [backwards] }, "op-bad"));

        Assert.Contains("ends before it starts", error.Message);
    }

    private static CouponUse Use(string receipt) => new("store-1", "till-1", new DateOnly(2026, 1, 10), receipt, "unused");
}

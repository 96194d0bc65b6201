using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests;

/// <summary>A return takes back everything its purchase earned: points, campaign bonuses, stamps and unused gifts; campaigns get their budget back.</summary>
[Collection(MechanicsCluster.Name)]
public sealed class RefundTakesBackTests(MechanicsClusterFixture fixture)
{
    private static readonly ProgramSettings Base = TestClusters.Program with { MinimumSpend = 0m };
    private readonly Shop _shop = new(fixture.Client);
    private readonly IProgramGrain _program = fixture.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    // A store of its own: receipt numbers (S1, B1…) repeat across the tests sharing this cluster and its clock, and a
    // number another test's customer already used at store-1's till-1 that day is refused as a repeat (in some orders).
    private readonly string _store = Shop.NewId("store");

    private Purchase Sale(string receipt, decimal amount, params PurchaseLine[] lines) =>
        new(_store, "till-1", receipt, Now, amount, lines.Length == 0 ? null : lines);

    private Refund Return(string receipt, decimal amount, string original) => new(_store, "till-2", receipt, Now, amount, _store, original);

    private async Task<CampaignSettings> CampaignAsync(CampaignKind kind, Func<CampaignSettings, CampaignSettings> terms)
    {
        var campaign = terms(new CampaignSettings(Shop.NewId("camp"), $"Campaign {kind}", kind, Now.AddDays(-1), Now.AddDays(7)));
        await _program.UpdateAsync(Base with { Campaigns = [campaign] }, "op-refunds");
        return campaign;
    }

    private Task<CampaignStatus> StatusAsync(CampaignSettings campaign) => fixture.Client.GetGrain<ICampaignGrain>(campaign.Id).GetAsync(campaign);

    [Fact]
    public async Task A_return_takes_back_its_share_of_the_campaign_bonus_once_and_the_campaign_gets_it_back()
    {
        var campaign = await CampaignAsync(CampaignKind.SpendBonus, c => c with { Threshold = 20m, BonusPoints = 10, PointsBudget = 100 });
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var day = TillDay.Text(TillDay.Of(Now));
        var sale = await card.EarnAsync(Sale("B1", 40m));
        var given = await StatusAsync(campaign);

        var quarter = await card.RefundAsync(Return("B1-BACK-1", 10m, "B1"));
        var ledgerAfterQuarter = await customer.GetLedgerAsync();
        var afterQuarter = await StatusAsync(campaign);
        await fixture.Cluster.DeactivateAsync(customer);
        var retried = await card.RefundAsync(Return("B1-BACK-1", 10m, "B1"));
        var afterRetry = await StatusAsync(campaign);
        var rest = await card.RefundAsync(Return("B1-BACK-2", 30m, "B1"));
        var afterAll = await StatusAsync(campaign);

        Assert.Equal((40L, 10L, 50L), (sale.PointsEarned, sale.BonusPoints, sale.Balance));
        Assert.Equal((10L, 0L), (given.Given, given.Returned));
        Assert.Equal((10L, 2L, 38L), (quarter.PointsReversed, quarter.BonusPointsReversed, quarter.Balance)); // floor(10 × 10/40)
        Assert.Equal((8L, 2L, 92L), (afterQuarter.Given, afterQuarter.Returned, afterQuarter.Remaining));
        Assert.Equal(quarter with { Replayed = true }, retried);
        Assert.Equal(ledgerAfterQuarter, (await customer.GetLedgerAsync()).Take(ledgerAfterQuarter.Count));
        Assert.Equal((8L, 2L), (afterRetry.Given, afterRetry.Returned));
        Assert.Equal((30L, 8L, 0L), (rest.PointsReversed, rest.BonusPointsReversed, rest.Balance));
        Assert.Equal((0L, 10L, 100L), (afterAll.Given, afterAll.Returned, afterAll.Remaining));
        var reversals = (await customer.GetLedgerAsync()).Where(e => e.Kind == LedgerEntryKind.BonusReversal).ToList();
        Assert.Equal([-2L, -8L], reversals.Select(e => e.Points));
        Assert.All(reversals, e => Assert.Equal(($"campaign-{campaign.Id}", $"{_store}/till-1/{day}/B1"), (e.Reason, e.RefersTo)));
    }

    [Fact]
    public async Task A_return_takes_back_its_share_of_the_stamps_it_earned_never_below_zero_and_an_issued_coupon_stays()
    {
        await _program.UpdateAsync(Base with { StampCards = [new("coffee-card", "Coffee card", null, "coffee", 6, "A free coffee")] }, "op-refunds");
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var first = await card.EarnAsync(Sale("S1", 12m, new PurchaseLine("latte", "coffee", 4, 12m)));

        var half = await card.RefundAsync(Return("S1-BACK-1", 6m, "S1"));
        var second = await card.EarnAsync(Sale("S2", 15m, new PurchaseLine("latte", "coffee", 5, 15m)));
        var rest = await card.RefundAsync(Return("S1-BACK-2", 6m, "S1"));
        var retried = await card.RefundAsync(Return("S1-BACK-2", 6m, "S1"));
        var summary = (await customer.GetAsync())!;

        Assert.Equal((4, 4), (first.StampsEarned["coffee-card"], first.Stamps["coffee-card"]));
        Assert.Equal(new Dictionary<string, int> { ["coffee-card"] = 2 }, half.StampsReversed);
        var coupon = Assert.Single(second.CouponsIssued); // 2 + 5 = 7: a free coffee, 1 stamp left
        Assert.Equal(new Dictionary<string, int> { ["coffee-card"] = 1 }, rest.StampsReversed); // 2 owed, 1 held
        Assert.Equal(rest with { Replayed = true }, retried);
        Assert.Equal(0, summary.Stamps["coffee-card"]);
        Assert.Equal([coupon.Code], summary.Coupons);
        Assert.Null((await fixture.Client.GetGrain<ICouponGrain>(coupon.Code).GetAsync())!.VoidedAt);
    }

    [Fact]
    public async Task A_full_return_voids_an_unused_gift_and_gives_the_stock_back_while_a_used_gift_stays()
    {
        var campaign = await CampaignAsync(CampaignKind.Gift, c => c with { Threshold = 100m, Gift = "A tote bag", GiftStock = 5 });
        var (unusedCustomer, unusedCard, _, _) = await _shop.EnrolledWithCardAsync();
        var (usedCustomer, usedCard, usedCustomerId, _) = await _shop.EnrolledWithCardAsync();
        var unusedGift = Assert.Single((await unusedCard.EarnAsync(Sale("G1", 150m))).CouponsIssued);
        var usedGift = Assert.Single((await usedCard.EarnAsync(Sale("G2", 150m))).CouponsIssued);
        Assert.True((await fixture.Client.GetGrain<ICouponGrain>(usedGift.Code).RedeemAsync(new CouponUse("store-1", "till-1", DateOnly.FromDateTime(DateTime.UtcNow), "USE-1", usedGift.Code), usedCustomerId)).IsAccepted);

        var partial = await unusedCard.RefundAsync(Return("G1-BACK-1", 50m, "G1"));
        var afterPartial = await StatusAsync(campaign);
        var full = await unusedCard.RefundAsync(Return("G1-BACK-2", 100m, "G1"));
        var retried = await unusedCard.RefundAsync(Return("G1-BACK-2", 100m, "G1"));
        var usedFull = await usedCard.RefundAsync(Return("G2-BACK", 150m, "G2"));
        var status = await StatusAsync(campaign);

        Assert.Empty(partial.CouponsVoided);
        Assert.Equal((2L, 0L), (afterPartial.Given, afterPartial.Returned));
        Assert.Equal([unusedGift.Code], full.CouponsVoided);
        Assert.Equal(full with { Replayed = true }, retried);
        Assert.Empty(usedFull.CouponsVoided);
        Assert.Equal((1L, 1L, 4L), (status.Given, status.Returned, status.Remaining));
        var voided = await fixture.Client.GetGrain<ICouponGrain>(unusedGift.Code).RedeemAsync(new CouponUse("store-1", "till-1", DateOnly.FromDateTime(DateTime.UtcNow), "USE-2", unusedGift.Code), unusedCustomer.GetPrimaryKeyString());
        Assert.Equal(DeclineReason.CouponVoided, voided.Declined?.Reason);
        Assert.Empty((await unusedCustomer.GetAsync())!.Coupons);
        Assert.NotNull((await fixture.Client.GetGrain<ICouponGrain>(usedGift.Code).GetAsync())!.RedeemedAt);
        Assert.Equal([usedGift.Code], (await usedCustomer.GetAsync())!.Coupons);
    }
}

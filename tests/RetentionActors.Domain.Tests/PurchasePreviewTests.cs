using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Preview;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Domain.Tests;

public sealed class PurchasePreviewTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static ProgramRules Rules(Mechanics.Mechanics? mechanics = null) =>
        ProgramRules.Create("EUR", 1m, new Dictionary<string, decimal> { ["coffee"] = 2m }, 5m, 0.01m, 1_000m)
            .With([new Tier("Member", 0m, 1m), new Tier("Gold", 500m, 1.5m)], 12, 10m, 0)
            .With(mechanics ?? Mechanics.Mechanics.None);

    [Fact]
    public void A_sample_earns_by_category_and_tier_as_a_purchase_would()
    {
        var sample = new SamplePurchase(40m, Jan, "Gold", [new SampleLine(null, "coffee", 10m, 2m)]);

        var estimate = PurchasePreview.Estimate(Rules(), sample);

        // (40 + 10 × (2 − 1)) × 1 point × 1.5 for Gold = 75; 10 % discount on 40.
        Assert.Equal((75L, "Gold", 1.5m, 4.00m, (string?)null), (estimate.Points, estimate.Tier, estimate.TierMultiplier, estimate.DiscountAmount, estimate.Declined));
    }

    [Fact]
    public void Without_a_tier_the_sample_takes_the_tier_its_amount_reaches()
    {
        var estimate = PurchasePreview.Estimate(Rules(), new SamplePurchase(600m, Jan, null, []));

        Assert.Equal(("Gold", 900L), (estimate.Tier, estimate.Points));
    }

    [Fact]
    public void Running_campaigns_add_their_bonus_within_budget_and_gifts_and_stamps_are_listed()
    {
        var mechanics = new Mechanics.Mechanics
        {
            Campaigns =
            [
                new CampaignRule("big", "Big basket", CampaignEffect.SpendBonus, Jan.AddDays(-1), Jan.AddDays(1), null, 1m, 30m, 50, null, 20, null),
                new CampaignRule("mug", "Mug", CampaignEffect.Gift, Jan.AddDays(-1), Jan.AddDays(1), null, 1m, 30m, 0, "A mug", 5, null),
                new CampaignRule("over", "Over", CampaignEffect.SpendBonus, Jan.AddDays(-9), Jan.AddDays(-2), null, 1m, 0m, 50, null, 100, null),
                new CampaignRule("vip", "Gold only", CampaignEffect.SpendBonus, Jan.AddDays(-1), Jan.AddDays(1), null, 1m, 0m, 7, null, 100, "Gold"),
            ],
            StampCards = [new StampCardRule("latte", "Latte card", "LATTE", null, 6, "A latte")],
            PendingDays = 14,
        };
        var sample = new SamplePurchase(40m, Jan, "Member", [new SampleLine("LATTE", "coffee", 8m, 3m)]);

        var estimate = PurchasePreview.Estimate(Rules(mechanics), sample);

        Assert.Equal([new CampaignEstimate("big", "Big basket", 20, null), new CampaignEstimate("mug", "Mug", 0, "A mug")], estimate.Campaigns);
        Assert.Equal(48 + 20, estimate.TotalPoints);
        Assert.Equal(3, estimate.StampsEarned["latte"]);
        Assert.Equal(Jan.AddDays(14), estimate.PendingUntil);
    }

    [Fact]
    public void A_sample_the_engine_would_decline_says_why_and_earns_nothing()
    {
        var tooLarge = PurchasePreview.Estimate(Rules(), new SamplePurchase(1_000.01m, Jan, null, []));
        var overTheDay = PurchasePreview.Estimate(Rules(new Mechanics.Mechanics { MaxPointsPerDay = 30 }), new SamplePurchase(40m, Jan, "Member", []));

        Assert.Equal(0, tooLarge.TotalPoints);
        Assert.Contains("above the program's maximum purchase of 1000 EUR", tooLarge.Declined, StringComparison.Ordinal);
        Assert.Equal("Earning 40 points would pass the limit of 30 points a day.", overTheDay.Declined);
    }

    [Fact]
    public void Below_the_minimum_spend_nothing_is_earned()
    {
        Assert.Equal(0, PurchasePreview.Estimate(Rules(), new SamplePurchase(4.99m, Jan, "Gold", [])).Points);
    }

    [Fact]
    public void A_tier_the_program_does_not_have_is_refused_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => PurchasePreview.Estimate(Rules(), new SamplePurchase(10m, Jan, "Platinum", [])));

        Assert.Equal("tier", error.ParamName);
    }
}

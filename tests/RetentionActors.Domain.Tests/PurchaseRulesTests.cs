using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Purchases;
using RetentionActors.Domain.Tiers;
using RetentionActors.Domain.Uplift;

namespace RetentionActors.Domain.Tests;

/// <summary>The decisions a purchase makes, as the customer grain asks for them, without Orleans.</summary>
public sealed class PurchaseRulesTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly CustomerStanding NewCustomer = new(null, new Dictionary<string, int>(), new Dictionary<string, bool>(), false);

    private static ProgramRules Rules(Mechanics.Mechanics? mechanics = null) =>
        ProgramRules.Create("EUR", 1m, new Dictionary<string, decimal> { ["coffee"] = 2m }, 0m, 0.01m, 1_000m)
            .With([new Tier("Member", 0m, 1m), new Tier("Gold", 500m, 1.5m)], 12, 10m, 0)
            .With(mechanics ?? Mechanics.Mechanics.None);

    private static PurchaseFacts Sale(decimal amount, string receipt = "r1", DateTimeOffset? at = null, string? card = "mag:1", params PurchaseItem[] lines) =>
        new(new TillReference("s1", "t1", receipt, card, at ?? Jan), amount, lines);

    private static CampaignRule Campaign(string id, CampaignEffect effect, decimal threshold = 0m, long bonus = 10, long budget = 100,
        string? minimumTier = null, int holdout = 0, DateTimeOffset? starts = null) =>
        new(id, "Campaign " + id, effect, starts ?? Jan.AddDays(-1), Jan.AddDays(1), null, 1m, threshold, bonus, "A mug", budget, minimumTier) { HoldoutPercent = holdout };

    private static PurchasePlan Plan(PurchaseJudgement judged)
    {
        Assert.Null(judged.Message);
        return judged.Plan!;
    }

    /// <summary>The account after booking a purchase of <paramref name="points"/> (at its amount) on card mag:1.</summary>
    private static PointsAccount Bought(PointsAccount account, string receipt, long points, DateTimeOffset at)
    {
        foreach (var entry in account.Earn(new TillReference("s1", "t1", receipt, "mag:1", at), points, points, at).Entries)
        {
            account.Apply(entry);
        }
        return account;
    }

    [Fact]
    public void A_purchase_above_the_maximum_is_refused()
    {
        var judged = PurchaseRules.Judge(Rules(), new PointsAccount(), "c1", NewCustomer, Sale(1_000.01m), Jan);

        Assert.Equal((PurchaseRefusal.AmountAboveMaximum, (PurchasePlan?)null), (judged.Refusal, judged.Plan));
        Assert.Contains("maximum purchase of 1000", judged.Message);
    }

    [Fact]
    public void A_card_with_as_many_purchases_in_the_hour_as_allowed_is_refused_and_an_hour_later_it_is_not()
    {
        var rules = Rules(new Mechanics.Mechanics { MaxAccrualsPerCardPerHour = 2 });
        var account = Bought(Bought(new PointsAccount(), "a", 5, Jan.AddMinutes(-50)), "b", 5, Jan.AddMinutes(-10));

        var third = PurchaseRules.Judge(rules, account, "c1", NewCustomer, Sale(10m), Jan);
        var later = PurchaseRules.Judge(rules, account, "c1", NewCustomer, Sale(10m, at: Jan.AddMinutes(11)), Jan);
        var otherCard = PurchaseRules.Judge(rules, account, "c1", NewCustomer, Sale(10m, card: "mag:2"), Jan);

        Assert.Equal(PurchaseRefusal.VelocityLimit, third.Refusal);
        Assert.Equal("Card mag:1 already has 2 purchases in the last hour.", third.Message);
        Assert.Null(later.Refusal);
        Assert.Null(otherCard.Refusal);
    }

    [Fact]
    public void Points_past_the_daily_limit_are_refused_counting_what_the_day_earned_before()
    {
        var rules = Rules(new Mechanics.Mechanics { MaxPointsPerDay = 100 });
        var account = Bought(new PointsAccount(), "a", 60, Jan.AddHours(-2));

        var over = PurchaseRules.Judge(rules, account, "c1", NewCustomer, Sale(41m), Jan);
        var upTo = PurchaseRules.Judge(rules, account, "c1", NewCustomer, Sale(40m), Jan);

        Assert.Equal((PurchaseRefusal.VelocityLimit, "Earning 41 more points would pass the limit of 100 points a day."), (over.Refusal, over.Message));
        Assert.Equal(40, Plan(upTo).Points);
    }

    [Fact]
    public void A_purchase_that_reaches_a_tier_upgrades_at_once_and_earns_at_its_rate()
    {
        var account = Bought(new PointsAccount(), "a", 450, Jan.AddDays(-30));

        var plan = Plan(PurchaseRules.Judge(Rules(), account, "c1", NewCustomer with { Tier = new TierStanding("Member", Jan.AddDays(-30), Jan.AddMonths(11)) },
            Sale(60m, lines: new PurchaseItem("LATTE", "coffee", 1m, 10m)), Jan));

        // 450 + 60 = 510 reaches Gold; (60 + 10 × (2 − 1)) × 1.5 = 105.
        Assert.Equal(("Gold", true, 105L), (plan.Tier!.Tier, plan.TierUpgraded, plan.Points));
    }

    [Fact]
    public void Stamps_add_to_those_held_and_every_completed_card_asks_for_a_coupon_named_after_the_receipt()
    {
        var rules = Rules(new Mechanics.Mechanics
        {
            StampCards = [new StampCardRule("latte", "Latte card", "LATTE", null, 3, "A latte"), new StampCardRule("bun", "Bun card", "BUN", null, 5, "A bun")],
        });
        var customer = NewCustomer with { Stamps = new Dictionary<string, int> { ["latte"] = 2, ["bun"] = 1 } };

        var plan = Plan(PurchaseRules.Judge(rules, new PointsAccount(), "c1", customer, Sale(20m, lines: new PurchaseItem("LATTE", "coffee", 4m, 20m)), Jan));

        Assert.Equal(new Dictionary<string, int> { ["latte"] = 0, ["bun"] = 1 }, plan.Stamps);
        Assert.Equal(new Dictionary<string, int> { ["latte"] = 4 }, plan.StampsEarned);
        var receipt = EntryKeys.Receipt(new TillReference("s1", "t1", "r1", null, Jan));
        Assert.Equal([new CouponAsk($"{receipt}/stamps/latte/1", "A latte", "stamp card latte"), new CouponAsk($"{receipt}/stamps/latte/2", "A latte", "stamp card latte")],
            plan.StampCoupons);
    }

    [Fact]
    public void Only_running_campaigns_for_the_customers_tier_that_the_sale_qualifies_for_are_asked()
    {
        var rules = Rules(new Mechanics.Mechanics
        {
            Campaigns =
            [
                Campaign("big", CampaignEffect.SpendBonus, threshold: 30m),
                Campaign("huge", CampaignEffect.SpendBonus, threshold: 300m),
                Campaign("later", CampaignEffect.SpendBonus, starts: Jan.AddHours(1)),
                Campaign("gold", CampaignEffect.SpendBonus, minimumTier: "Gold"),
                Campaign("mug", CampaignEffect.Gift, budget: 5),
            ],
        });

        var plan = Plan(PurchaseRules.Judge(rules, new PointsAccount(), "c1", NewCustomer, Sale(40m), Jan));

        var receipt = EntryKeys.Receipt(new TillReference("s1", "t1", "r1", null, Jan));
        Assert.Equal([("big", 10L, false), ("mug", 1L, true)], plan.CampaignAsks.Select(a => (a.Campaign.Id, a.Wanted, a.AllOrNothing)));
        Assert.All(plan.CampaignAsks, a => Assert.Equal($"c1/{receipt}", a.Reference));
    }

    [Fact]
    public void A_held_out_customer_is_drawn_once_recorded_and_asked_nothing()
    {
        var held = Campaign("held", CampaignEffect.SpendBonus, holdout: 90);
        var customer = Enumerable.Range(0, 100).Select(i => $"c{i}").First(c => Holdout.IsHeldOut(held.HoldoutAction, c, 90));
        var rules = Rules(new Mechanics.Mechanics { Campaigns = [held] });

        var first = Plan(PurchaseRules.Judge(rules, new PointsAccount(), customer, NewCustomer, Sale(40m), Jan));
        var next = Plan(PurchaseRules.Judge(rules, new PointsAccount(), customer, NewCustomer with { CampaignGroups = first.CampaignGroups }, Sale(40m), Jan));
        var drawnIn = Plan(PurchaseRules.Judge(rules, new PointsAccount(), customer, NewCustomer with { CampaignGroups = new Dictionary<string, bool> { ["held"] = false } }, Sale(40m), Jan));

        Assert.Equal([new HoldoutDraw(held.HoldoutAction, true, Jan)], first.HoldoutDraws);
        Assert.Empty(first.CampaignAsks);
        Assert.Equal(new Dictionary<string, bool> { ["held"] = true }, first.CampaignGroups);
        Assert.Empty(next.HoldoutDraws);
        Assert.Empty(drawnIn.HoldoutDraws);
        Assert.Single(drawnIn.CampaignAsks);
    }

    [Fact]
    public void What_the_budgets_grant_becomes_bonus_entries_and_gift_coupons_and_a_campaign_granting_nothing_is_left_out()
    {
        var rules = Rules(new Mechanics.Mechanics
        {
            Campaigns = [Campaign("big", CampaignEffect.SpendBonus), Campaign("empty", CampaignEffect.SpendBonus), Campaign("mug", CampaignEffect.Gift)],
        });
        var plan = Plan(PurchaseRules.Judge(rules, new PointsAccount(), "c1", NewCustomer, Sale(40m), Jan));

        var outcome = plan.Complete([7, 0, 1]);

        Assert.Equal([(CampaignBonusReason.For("big"), 7L)], outcome.Bonuses);
        Assert.Equal(["Campaign big", "Campaign mug"], outcome.Campaigns);
        Assert.Equal("campaign mug", Assert.Single(outcome.Coupons).Source);
        Assert.Equal([(EntryKind.Purchase, 40L), (EntryKind.Bonus, 7L)], outcome.Entries.Select(e => (e.Kind, e.Points)));
        Assert.Equal((47L, 7L), (outcome.BalanceAfter, outcome.BonusPoints));
        Assert.Throws<ArgumentException>(() => plan.Complete([7, 0]));
    }

    [Fact]
    public void A_referred_customers_qualifying_purchase_books_the_friend_bonus_and_changes_the_document()
    {
        var rules = Rules(new Mechanics.Mechanics { FriendBonus = 25, ReferrerBonus = 50, ReferralMinimumPurchase = 20m });
        var referred = NewCustomer with { FriendBonusOwed = true, Tier = new TierStanding("Member", Jan.AddDays(-1), Jan.AddMonths(11)) };

        var small = Plan(PurchaseRules.Judge(rules, new PointsAccount(), "c1", referred, Sale(19.99m), Jan)).Complete([]);
        var enough = Plan(PurchaseRules.Judge(rules, new PointsAccount(), "c1", referred, Sale(20m), Jan)).Complete([]);

        Assert.Empty(small.Bonuses);
        Assert.False(small.ChangesDocument(referred));
        Assert.Equal([(Referral.FriendBonusReason, 25L)], enough.Bonuses);
        Assert.True(enough.ChangesDocument(referred));
    }

    [Fact]
    public void A_plain_purchase_changes_only_the_ledger()
    {
        var customer = NewCustomer with { Tier = new TierStanding("Member", Jan.AddDays(-1), Jan.AddMonths(11)), Stamps = new Dictionary<string, int> { ["latte"] = 1 } };
        var rules = Rules(new Mechanics.Mechanics { StampCards = [new StampCardRule("latte", "Latte card", "LATTE", null, 3, "A latte")] });

        var plain = Plan(PurchaseRules.Judge(rules, new PointsAccount(), "c1", customer, Sale(10m), Jan)).Complete([]);
        var stamped = Plan(PurchaseRules.Judge(rules, new PointsAccount(), "c1", customer, Sale(10m, lines: new PurchaseItem("LATTE", null, 1m, 10m)), Jan)).Complete([]);

        Assert.False(plain.ChangesDocument(customer));
        Assert.True(stamped.ChangesDocument(customer));
    }

    [Fact]
    public void The_first_purchase_after_a_stamp_card_starts_records_the_card_even_without_a_stamp()
    {
        var customer = NewCustomer with { Tier = new TierStanding("Member", Jan.AddDays(-1), Jan.AddMonths(11)) };
        var rules = Rules(new Mechanics.Mechanics { StampCards = [new StampCardRule("latte", "Latte card", "LATTE", null, 3, "A latte")] });

        var outcome = Plan(PurchaseRules.Judge(rules, new PointsAccount(), "c1", customer, Sale(10m), Jan)).Complete([]);

        Assert.Equal(new Dictionary<string, int> { ["latte"] = 0 }, outcome.Plan.Stamps);
        Assert.True(outcome.ChangesDocument(customer));
    }
}

using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Domain.Tests;

/// <summary>Rules the customer grain's partials decided until issue 18 moved them here: returns, rewards, offline, maintenance.</summary>
public sealed class CustomerRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static TillReference Till(string receipt, DateTimeOffset at) => new("s1", "t1", receipt, null, at);

    private static PointsAccount Earned(long points, DateTimeOffset at)
    {
        var account = new PointsAccount();
        account.Earn(Till("P1", at), points, points, at).Entries.ToList().ForEach(account.Apply);
        return account;
    }

    private static ProgramRules Rules(Mechanics.Mechanics mechanics) =>
        ProgramRules.Create("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.5m, 10_000m).With(mechanics);

    [Fact]
    public void A_return_reports_what_it_took_back_and_whether_it_completes_the_whole_purchase()
    {
        var account = Earned(30, Now.AddDays(-1));

        var part = account.Refund(Till("B1", Now), 10m, new OriginalReceipt("s1", "P1"), Now);
        account.Apply(part.Entries.Single());
        var rest = account.Refund(Till("B2", Now), 20m, new OriginalReceipt("s1", "P1"), Now);

        Assert.Equal(new RefundTakeBack(10, 0, 0, WholePurchase: false), RefundTakeBack.Of(part, 10m));
        Assert.Equal(new RefundTakeBack(20, 0, 0, WholePurchase: true), RefundTakeBack.Of(rest, 20m));
        Assert.Throws<ArgumentException>(() => RefundTakeBack.Of(Decision.Refuse(Refusal.UnknownReceipt, "no"), 1m));
    }

    [Fact]
    public void A_return_names_its_sale_by_key_only_with_till_and_day()
    {
        var day = new DateOnly(2026, 3, 9);

        Assert.Equal(("s1/t2/2026-03-09/R7", new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero)),
            (new OriginalReceipt("s1", "R7", "t2", day).ReceiptKey, new OriginalReceipt("s1", "R7", "t2", day).EarliestOccurredAt));
        Assert.Null(new OriginalReceipt("s1", "R7", "t2").ReceiptKey);
        Assert.Null(new OriginalReceipt("s1", "R7", BusinessDay: day).ReceiptKey);
    }

    [Fact]
    public void Stamps_taken_back_leave_the_rest_on_every_card()
    {
        var held = new Dictionary<string, int> { ["coffee"] = 5, ["bread"] = 2 };

        Assert.Equal(new Dictionary<string, int> { ["coffee"] = 3, ["bread"] = 2 }, StampReturn.Remaining(held, new Dictionary<string, int> { ["coffee"] = 2 }));
    }

    [Fact]
    public void A_reward_claim_redeems_its_price_at_the_program_value_and_an_unknown_reward_decides_nothing()
    {
        var rules = Rules(new Mechanics.Mechanics { Rewards = [new RewardRule("mug", "Mug", 40, RewardCouponKind.FreeItem, 0m)] });
        var account = Earned(50, Now.AddDays(-1));

        var claim = RewardClaim.Decide(rules, account, "mug", "ref-1", Now, LotTiming.Immediate);
        var unknown = RewardClaim.Decide(rules, account, "bike", "ref-2", Now, LotTiming.Immediate);
        var tooDear = RewardClaim.Decide(rules, Earned(39, Now.AddDays(-1)), "mug", "ref-3", Now, LotTiming.Immediate);

        var entry = Assert.Single(claim.Decision!.Entries);
        Assert.Equal((-40L, 10L, 20m, "rewards/catalogue/2026-03-10/ref-1"), (entry.Points, entry.BalanceAfter, entry.Amount, entry.ReceiptKey));
        Assert.Equal(new RewardClaim(null, null), unknown);
        Assert.Equal(Refusal.InsufficientPoints, tooDear.Decision!.Refusal);
        Assert.Equal("reward/ref-1", RewardClaim.Key("ref-1"));
    }

    [Fact]
    public void An_offline_grant_is_refused_when_the_program_allows_none_or_nothing_is_spendable()
    {
        var on = new Mechanics.Mechanics { OfflineRedemptionDailyLimit = 30, OfflineAllowanceHours = 12 };

        Assert.Equal(new OfflineGrant(30, Now.AddHours(12), null), OfflineGrant.Decide("c1", on, Earned(50, Now), Now, LotTiming.Immediate));
        Assert.Equal(new OfflineGrant(20, Now.AddHours(12), null), OfflineGrant.Decide("c1", on, Earned(20, Now), Now, LotTiming.Immediate));
        Assert.Equal("The program allows no redemption while a till is offline.",
            OfflineGrant.Decide("c1", Mechanics.Mechanics.None, Earned(50, Now), Now, LotTiming.Immediate).Refused);
        Assert.Equal("Customer c1 has no spendable points to redeem offline.", OfflineGrant.Decide("c1", on, new PointsAccount(), Now, LotTiming.Immediate).Refused);
    }

    [Fact]
    public void A_sweep_expires_old_points_reviews_the_tier_and_opens_this_years_birthday_week()
    {
        var rules = Rules(new Mechanics.Mechanics { BirthdayBonus = 25 }).With([new Tier("Silver", 0m, 1m), new Tier("Gold", 1000m, 2m)], 12, 0m, pointsExpiryMonths: 12);
        var program = new ProgramHistory([(Now.AddYears(-5), rules)]);
        var account = Earned(30, Now.AddMonths(-13));
        var gold = new TierStanding("Gold", Now.AddMonths(-13), Now.AddDays(-1));

        var run = CustomerMaintenance.Decide(program, account, gold, new DateOnly(1990, 3, 8), Now);

        Assert.Equal([-30L], run.Expiry.Entries.Select(e => e.Points));
        Assert.Equal(("Silver", true), (run.Tier!.Tier, run.TierChanged));
        Assert.Equal(25L, run.BirthdayBonus);
        Assert.Equal(["birthday/2026"], run.BirthdayKeys);
        Assert.Empty(CustomerMaintenance.Decide(program, account, gold, new DateOnly(1990, 3, 1), Now).BirthdayKeys);
        Assert.False(CustomerMaintenance.Decide(program, account, null, null, Now).TierChanged);
    }

    [Fact]
    public void Without_the_programs_timing_the_stored_expiry_stands_or_unspent_points_are_due_now()
    {
        var account = Earned(30, Now.AddMonths(-2));
        var stored = Now.AddDays(3);

        Assert.Equal(Now.AddMonths(-2).AddMonths(12), CustomerMaintenance.PointsExpireAt(account, LotTiming.Fixed(0, 12), stored, Now));
        Assert.Equal(stored, CustomerMaintenance.PointsExpireAt(account, null, stored, Now));
        Assert.Equal(Now, CustomerMaintenance.PointsExpireAt(account, null, null, Now));
        Assert.Null(CustomerMaintenance.PointsExpireAt(new PointsAccount(), null, null, Now));
    }

    [Fact]
    public void The_referrers_half_is_given_once_per_friend() =>
        Assert.Equal("referral/c2", Referral.AwardKey("c2"));
}

using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Domain.Tests;

/// <summary>Each problem names the settings field it concerns, so the back office can show it there.</summary>
public sealed class ProgramProblemPathTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Earning_problems_name_their_field()
    {
        var problems = ProgramRules.FieldProblems("euro", -1m, new Dictionary<string, decimal> { ["wine"] = -2m }, 200m, 0m, 100m);

        Assert.Equal(
            ["currency", "pointsPerCurrencyUnit", "redemptionValuePerPoint", "minimumSpend", "categoryMultipliers"],
            problems.Select(p => p.Path));
        Assert.StartsWith("Minimum spend is above the maximum purchase amount", problems.Single(p => p.Path == "minimumSpend").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tier_problem_names_the_tier_and_field_that_break_the_rule()
    {
        Tier[] tiers = [new("Member", 0m, 1m), new("Gold", 500m, 150m), new("gold", 500m, 1m)];

        var problems = ProgramRules.MechanicsFieldProblems(tiers, 12, 0m, 0);

        Assert.Equal(
            [("tiers[1].earnMultiplier", "A tier's earn multiplier must be 0 to 100."), ("tiers[2].name", "Tier names must differ."),
             ("tiers[2].minimumSpend", "Tiers overlap: two tiers start at the same spend.")],
            problems.Select(p => (p.Path, p.Message)));
    }

    [Fact]
    public void The_lowest_tier_not_starting_at_zero_is_its_minimum_spend()
    {
        Tier[] tiers = [new("Gold", 500m, 2m), new("Silver", 100m, 1.5m)];

        var problem = Assert.Single(ProgramRules.MechanicsFieldProblems(tiers, 0, 0m, 0), p => p.Path.StartsWith("tiers", StringComparison.Ordinal));

        Assert.Equal("tiers[1].minimumSpend", problem.Path);
        Assert.Contains(ProgramRules.MechanicsFieldProblems(tiers, 0, 0m, 0), p => p.Path == "tierReviewMonths");
    }

    [Fact]
    public void Mechanics_problems_name_the_entry_and_field()
    {
        var mechanics = new Mechanics.Mechanics
        {
            StampCards = [new StampCardRule("s", "S", null, null, 5, "coffee")],
            Campaigns =
            [
                new CampaignRule("ok", "Fine", CampaignEffect.SpendBonus, Jan, Jan.AddDays(7), null, 1m, 10m, 5, null, 100, null),
                new CampaignRule("gift", "Gift", CampaignEffect.Gift, Jan, Jan.AddDays(-1), null, 1m, 10m, 0, "mug", 0, null) { HoldoutPercent = 95 },
            ],
            Rewards = [new RewardRule("r", "R", 0, RewardCouponKind.FreeItem, 0m)],
            PendingDays = 400,
            OfflineAllowanceHours = 0,
        };

        Assert.Equal(
            ["stampCards[0].sku", "campaigns[1].ends", "campaigns[1].giftStock", "campaigns[1].holdoutPercent", "rewards[0].pointsCost", "pendingDays", "offlineAllowanceHours"],
            mechanics.FieldProblems().Select(p => p.Path));
    }

    [Fact]
    public void A_rule_broken_at_several_fields_is_one_message()
    {
        var mechanics = new Mechanics.Mechanics { ReferrerBonus = -1, FriendBonus = -1, BirthdayBonus = -1 };

        Assert.Equal(3, mechanics.FieldProblems().Count);
        Assert.Single(mechanics.Problems());
    }

    [Fact]
    public void The_message_list_is_what_it_was_before_problems_had_fields()
    {
        Tier[] tiers = [new("A", 0m, -1m), new("B", 10m, -1m)];

        Assert.Equal(["A tier's earn multiplier must be 0 to 100."], ProgramRules.MechanicsProblems(tiers, 12, 0m, 0));
        var error = Assert.Throws<ArgumentException>(() => ProgramRules.Create("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.01m, 100m).With(tiers, 12, 0m, 0));
        Assert.Equal("Invalid program settings: A tier's earn multiplier must be 0 to 100.", error.Message);
    }
}

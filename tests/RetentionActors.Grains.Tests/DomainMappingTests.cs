using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using ContractKind = RetentionActors.Contracts.Ledger.LedgerEntryKind;

namespace RetentionActors.Grains.Tests;

/// <summary>The mappings between wire and domain are by name, value for value, and refuse what has no counterpart.</summary>
public sealed class DomainMappingTests
{
    [Fact]
    public void Every_ledger_entry_kind_goes_on_the_wire_under_its_own_name()
    {
        foreach (var kind in Enum.GetValues<EntryKind>())
        {
            Assert.Equal(kind.ToString(), kind.ToContract().ToString());
        }
    }

    [Fact]
    public void Every_campaign_kind_becomes_the_effect_of_the_same_name()
    {
        foreach (var kind in Enum.GetValues<CampaignKind>())
        {
            Assert.Equal(kind.ToString(), kind.ToEffect().ToString());
        }
    }

    [Fact]
    public void A_campaign_kind_no_rule_knows_is_a_problem_at_its_field_and_makes_no_rules()
    {
        var campaign = new CampaignSettings("odd", "Odd", (CampaignKind)9, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7)) { PointsBudget = 100 };
        var settings = new ProgramSettings("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.01m, 10_000m) { Campaigns = [campaign] };

        var problem = Assert.Single(settings.Problems());
        var refused = Assert.Throws<InvalidRequestException>(() => settings.ToRules());

        Assert.Equal("campaigns[0].kind", problem.Path);
        Assert.Contains("campaign's kind", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_coupon_kind_of_the_wire_is_a_reward_coupon_of_the_same_name_and_back()
    {
        foreach (var kind in Enum.GetValues<CouponKind>())
        {
            Assert.Equal(kind.ToString(), kind.ToRewardCoupon().ToString());
            Assert.Equal(kind, kind.ToRewardCoupon().ToContract());
        }
    }

    [Fact]
    public void Every_reward_coupon_kind_goes_on_the_wire_under_its_own_name()
    {
        foreach (var kind in Enum.GetValues<RewardCouponKind>())
        {
            Assert.Equal(kind.ToString(), kind.ToContract().ToString());
        }
    }

    [Fact]
    public void A_reward_coupon_kind_no_coupon_knows_is_a_problem_at_its_field_and_makes_no_rules()
    {
        var reward = new RewardSettings("odd", "Odd", 50, (CouponKind)9, 0m);
        var settings = new ProgramSettings("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.01m, 10_000m) { Rewards = [reward] };

        var problem = Assert.Single(settings.Problems());
        var refused = Assert.Throws<InvalidRequestException>(() => settings.ToRules());

        Assert.Equal("rewards[0].kind", problem.Path);
        Assert.Contains("coupon kind", refused.Message, StringComparison.Ordinal);
    }
}

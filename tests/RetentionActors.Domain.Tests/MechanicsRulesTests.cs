using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Domain.Tests;

public sealed class MechanicsRulesTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly TierPolicy Tiers = new([new("Gold", 2000m, 2m), new("Member", 0m, 1m), new("Silver", 500m, 1.5m)], reviewMonths: 12);

    [Fact]
    public void Tiers_rise_at_once_and_fall_only_at_the_review()
    {
        var (member, _) = Tiers.AfterPurchase(null, 100m, Jan);
        var (silver, upgraded) = Tiers.AfterPurchase(member, 600m, Jan.AddDays(1));
        var (stillSilver, _) = Tiers.AfterPurchase(silver, 50m, Jan.AddMonths(3));
        var beforeReview = Tiers.Review(silver, 0m, Jan.AddMonths(12));
        var atReview = Tiers.Review(silver, 0m, Jan.AddMonths(12).AddDays(2));

        Assert.Equal("Member", member!.Tier);
        Assert.True(upgraded);
        Assert.Equal((silver, "Silver"), (stillSilver, stillSilver!.Tier));
        Assert.Equal(silver, beforeReview);
        Assert.Equal(("Member", Jan.AddDays(1).AddMonths(24)), (atReview!.Tier, atReview.ReviewAt));
        Assert.Equal(("Gold", (string?)null), (Tiers.Above("Silver")!.Name, Tiers.Above("Gold")?.Name));
        Assert.True(Tiers.IsAtLeast("Gold", "Silver"));
        Assert.False(Tiers.IsAtLeast("Member", "Silver"));
    }

    [Fact]
    public void Progress_names_the_tier_held_the_next_and_the_spend_missing_and_nothing_above_the_top()
    {
        var silver = new TierStanding("Silver", Jan, Jan.AddMonths(12));

        var (current, next, missing) = Tiers.Progress(silver, 1_500m);
        var (unrecorded, nextUp, _) = Tiers.Progress(null, 0m);
        var (top, above, none) = Tiers.Progress(new TierStanding("Gold", Jan, Jan.AddMonths(12)), 2_500m);
        var (_, _, reached) = Tiers.Progress(silver, 2_100m);

        Assert.Equal(("Silver", "Gold", (decimal?)500m), (current!.Name, next!.Name, missing));
        Assert.Equal(("Member", "Silver"), (unrecorded!.Name, nextUp!.Name));
        Assert.Equal(("Gold", (Tier?)null, (decimal?)null), (top!.Name, above, none));
        Assert.Equal(0m, reached);
    }

    [Fact]
    public void Stamps_roll_over_past_the_threshold()
    {
        var card = new StampCardRule("c", "Coffee", null, "coffee", 6, "free coffee");

        var earned = card.StampsFor([("latte", "Coffee", 5m), ("bun", "bakery", 3m), ("espresso", "coffee", 2.5m)]);

        Assert.Equal(7, earned);
        Assert.Equal((5, 1), card.Add(held: 4, earned));
        Assert.Equal((0, 2), card.Add(held: 5, earned));
    }

    [Fact]
    public void Campaign_wants_only_within_its_terms()
    {
        var multiplier = new CampaignRule("m", "Wine", CampaignEffect.CategoryMultiplier, Jan, Jan.AddDays(7), "wine", 3m, 0m, 0, null, 100, null);
        var bonus = new CampaignRule("b", "Big", CampaignEffect.SpendBonus, Jan, Jan.AddDays(7), null, 1m, 50m, 25, null, 100, null);

        Assert.Equal(40, multiplier.Wanted(30m, [("wine", 20m), ("bread", 10m)], 1m));
        Assert.Equal((25L, 0L), (bonus.Wanted(50m, [], 1m), bonus.Wanted(49.99m, [], 1m)));
        Assert.True(bonus.RunsAt(Jan) && !bonus.RunsAt(Jan.AddDays(7)));
    }

    [Fact]
    public void Impossible_mechanics_are_listed()
    {
        var problems = new Mechanics.Mechanics
        {
            Campaigns = [new CampaignRule("x", "X", CampaignEffect.SpendBonus, Jan, Jan.AddDays(-1), null, 1m, -1m, 5, null, 0, null)],
            StampCards = [new StampCardRule("s", "S", null, null, 0, "r")],
            PendingDays = -1,
        }.Problems();

        Assert.Contains(problems, p => p.Contains("ends before it starts", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("positive budget", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Stamp card 's'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("cannot be negative", StringComparison.Ordinal));
    }

    [Fact]
    public void Lots_expire_once_each_oldest_first_by_the_rule_of_their_time()
    {
        var account = new PointsAccount();
        foreach (var (receipt, at) in new[] { ("a", Jan), ("b", Jan.AddMonths(2)) })
        {
            foreach (var entry in account.Earn(new TillReference("s", "t", receipt, null, at), 10m, 10, at).Entries)
            {
                account.Apply(entry);
            }
        }

        var expiry = account.Expire(Jan.AddMonths(12).AddDays(1), LotTiming.Fixed(pendingDays: 0, expiryMonths: 12));
        foreach (var entry in expiry.Entries)
        {
            account.Apply(entry);
        }

        Assert.Equal([("expiry/1", -10L)], expiry.Entries.Select(e => (e.IdempotencyKey, e.Points)));
        Assert.Empty(account.Expire(Jan.AddMonths(12).AddDays(1), LotTiming.Fixed(pendingDays: 0, expiryMonths: 12)).Entries);
        Assert.Equal(10, account.Balance);
        Assert.Equal(10, account.ExpiringBetween(Jan.AddMonths(13), Jan.AddMonths(14).AddDays(1), LotTiming.Fixed(pendingDays: 0, expiryMonths: 12)));
        Assert.Empty(account.Expire(Jan.AddYears(5), LotTiming.Fixed(pendingDays: 0, expiryMonths: 0)).Entries); // 0 months: never
    }

    [Fact]
    public void Program_history_judges_by_the_version_in_force()
    {
        var v1 = ProgramRules.Create("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.01m, 100m);
        var v2 = ProgramRules.Create("EUR", 3m, new Dictionary<string, decimal>(), 0m, 0.01m, 100m);
        var history = new ProgramHistory([(Jan.AddDays(10), v2), (Jan, v1)]);

        Assert.Same(v1, history.At(Jan.AddDays(-5)));
        Assert.Same(v1, history.At(Jan.AddDays(9)));
        Assert.Same(v2, history.At(Jan.AddDays(10)));
        Assert.Same(v2, history.Current);
    }
}

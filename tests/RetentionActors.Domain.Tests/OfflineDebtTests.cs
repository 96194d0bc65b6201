using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Tests;

/// <summary>Offline redemptions booked late: the shortfall becomes debt, bounded by the allowance, and the next points earned pay it back first.</summary>
public sealed class OfflineDebtTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

    private static TillReference Till(string receipt, string terminal = "t1") => new("s1", terminal, receipt, "mag:123456", Day1);

    private static PointsAccount Apply(PointsAccount account, Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.Message);
        foreach (var entry in decision.Entries)
        {
            account.Apply(entry);
        }
        return account;
    }

    private static PointsAccount WithBalance(long points) => Apply(new PointsAccount(), new PointsAccount().Earn(Till("earn"), points, points, Now));

    [Fact]
    public void Offline_redemption_within_the_balance_owes_nothing()
    {
        var account = WithBalance(100);

        var decision = account.RedeemOffline(Till("off-1"), 40, allowance: 50, 0.40m, Now);
        Apply(account, decision);

        Assert.Equal((EntryKind.OfflineRedemption, -40L, 0L), (decision.Entries.Single().Kind, decision.Entries.Single().Points, decision.Entries.Single().Debt));
        Assert.Equal((60L, 0L), (account.Balance, account.Debt));
    }

    [Fact]
    public void Offline_redemption_beyond_the_balance_takes_it_all_and_owes_the_rest()
    {
        var account = WithBalance(100);
        Apply(account, account.Redeem(Till("online"), 90, 0.9m, Now)); // spent online at another till meanwhile

        var decision = account.RedeemOffline(Till("off-1"), 50, allowance: 50, 0.50m, Now);
        Apply(account, decision);

        Assert.Equal((-10L, 40L), (decision.Entries.Single().Points, decision.Entries.Single().Debt));
        Assert.Equal((0L, 40L), (account.Balance, account.Debt));
    }

    [Fact]
    public void Offline_redemptions_past_the_allowance_for_the_day_at_that_till_are_refused_and_build_nothing()
    {
        var account = WithBalance(100);
        Apply(account, account.RedeemOffline(Till("off-1"), 30, allowance: 50, 0.30m, Now));

        var refused = account.RedeemOffline(Till("off-2"), 21, allowance: 50, 0.21m, Now);
        var otherTill = account.RedeemOffline(Till("off-3", terminal: "t2"), 21, allowance: 50, 0.21m, Now);

        Assert.Equal((Refusal.AboveOfflineAllowance, 0), (refused.Refusal, refused.Entries.Count));
        Assert.True(otherTill.IsAccepted); // the allowance is per till: what several tills expose together is in the docs
        Assert.Equal((70L, 30L), (account.Balance, account.RedeemedOffline("s1", "t1", "mag:123456", new DateOnly(2026, 3, 1))));
    }

    [Fact]
    public void The_next_purchase_pays_back_the_debt_before_its_points_can_be_spent()
    {
        var account = WithBalance(10);
        Apply(account, account.RedeemOffline(Till("off-1"), 50, allowance: 50, 0.50m, Now)); // owes 40

        var first = account.Earn(Till("buy-1"), 25m, 25, Now);
        Apply(account, first);
        var second = account.Earn(Till("buy-2"), 25m, 25, Now);
        Apply(account, second);

        Assert.Equal((EntryKind.DebtRecovery, -25L, -25L), (first.Entries[^1].Kind, first.Entries[^1].Points, first.Entries[^1].Debt));
        Assert.Equal([new LotDraw(first.Entries[0].Seq, 25)], first.Entries[^1].Draws);
        Assert.Equal((-15L, -15L), (second.Entries[^1].Points, second.Entries[^1].Debt));
        Assert.Equal((10L, 0L), (account.Balance, account.Debt));
        Assert.Equal(10, account.Spendable(Now, LotTiming.Immediate));
    }

    [Fact]
    public void A_purchase_with_nothing_owed_adds_no_recovery()
    {
        var account = WithBalance(10);

        var decision = account.Earn(Till("buy"), 5m, 5, Now);

        Assert.Equal([EntryKind.Purchase], decision.Entries.Select(e => e.Kind));
    }

    [Fact]
    public void Replaying_the_ledger_gives_the_same_debt_and_daily_offline_use()
    {
        var account = WithBalance(10);
        var entries = new List<LedgerEntry>();
        foreach (var decision in new Func<Decision>[]
        {
            () => account.RedeemOffline(Till("off-1"), 30, allowance: 50, 0.3m, Now),
            () => account.Earn(Till("buy"), 5m, 5, Now),
        })
        {
            var made = decision();
            Apply(account, made);
            entries.AddRange(made.Entries);
        }

        var replayed = PointsAccount.Replay(new PointsAccount().Earn(Till("earn"), 10m, 10, Now).Entries.Concat(entries));

        Assert.Equal((15L, 0L), (replayed.Debt, replayed.Balance));
        Assert.Equal(30, replayed.RedeemedOffline("s1", "t1", "mag:123456", new DateOnly(2026, 3, 1)));
    }
}

public sealed class OfflineSettingsTests
{
    [Theory]
    [InlineData(-1, 24)]
    [InlineData(1_000_000_001, 24)]
    [InlineData(50, 0)]
    [InlineData(50, 169)]
    public void Out_of_range_offline_settings_are_refused_with_what_is_allowed(long limit, int hours)
    {
        var problems = new Mechanics.Mechanics { OfflineRedemptionDailyLimit = limit, OfflineAllowanceHours = hours }.Problems();

        Assert.Contains(problems, p => p.Contains("offline allowance is valid 1 to 168 hours", StringComparison.Ordinal));
    }

    [Fact]
    public void Offline_redemption_is_off_by_default_and_a_limit_with_a_valid_window_is_accepted()
    {
        Assert.Equal((0L, 24), (new Mechanics.Mechanics().OfflineRedemptionDailyLimit, new Mechanics.Mechanics().OfflineAllowanceHours));
        Assert.Empty(new Mechanics.Mechanics { OfflineRedemptionDailyLimit = 50, OfflineAllowanceHours = 168 }.Problems());
    }
}

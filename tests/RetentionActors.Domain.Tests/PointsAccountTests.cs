using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Tests;

public sealed class PointsAccountTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static TillReference Till(string receipt, DateTimeOffset? at = null) => new("s1", "t1", receipt, "mag:123456", at ?? Day1);

    private static PointsAccount Apply(PointsAccount account, Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.Message);
        foreach (var entry in decision.Entries)
        {
            account.Apply(entry);
        }
        return account;
    }

    [Fact]
    public void Redemption_takes_from_the_oldest_lots_first_even_when_they_arrived_late()
    {
        var account = new PointsAccount();
        Apply(account, account.Earn(Till("new", Day1.AddDays(5)), 30m, 30, Now));
        Apply(account, account.Earn(Till("old", Day1), 20m, 20, Now)); // an offline till's older sale

        var redemption = account.Redeem(Till("spend"), 25, 0.25m, Now);
        Apply(account, redemption);

        Assert.Equal([new LotDraw(2, 20), new LotDraw(1, 5)], redemption.Entries.Single().Draws);
        Assert.Equal([(1L, 25L)], account.OpenLots.Select(l => (l.Seq, l.Remaining)));
        Assert.Equal(25, account.Balance);
    }

    [Fact]
    public void Redemption_beyond_the_balance_is_refused_and_builds_nothing()
    {
        var account = Apply(new PointsAccount(), new PointsAccount().Earn(Till("a"), 10m, 10, Now));

        var decision = account.Redeem(Till("b"), 11, 0.11m, Now);

        Assert.Equal(Refusal.InsufficientPoints, decision.Refusal);
        Assert.Empty(decision.Entries);
        Assert.Equal(10, account.Balance);
    }

    [Fact]
    public void Refund_takes_back_from_its_own_lot_first()
    {
        var account = new PointsAccount();
        Apply(account, account.Earn(Till("first"), 10m, 10, Now));
        Apply(account, account.Earn(Till("second"), 40m, 40, Now));

        var refund = account.Refund(Till("ret"), 20m, new OriginalReceipt("s1", "second"), Now);
        Apply(account, refund);

        Assert.Equal([new LotDraw(2, 20)], refund.Entries.Single().Draws);
        Assert.Equal([(1L, 10L), (2L, 20L)], account.OpenLots.Select(l => (l.Seq, l.Remaining)));
    }

    [Fact]
    public void Refund_gives_back_redeemed_points_before_taking_back_earned_ones()
    {
        var account = new PointsAccount();
        Apply(account, account.Earn(Till("p1"), 50m, 50, Now));
        Apply(account, account.Redeem(Till("p2"), 50, 0.5m, Now));
        Apply(account, account.Earn(Till("p2"), 20m, 20, Now));

        var refund = account.Refund(Till("ret"), 20m, new OriginalReceipt("s1", "p2"), Now);
        Apply(account, refund);

        Assert.Equal([(EntryKind.RedemptionReturn, 50L), (EntryKind.Refund, -20L)], refund.Entries.Select(e => (e.Kind, e.Points)));
        Assert.Equal(0, refund.Shortfall);
        Assert.Equal(50, account.Balance);
    }

    [Fact]
    public void Refund_never_takes_the_balance_below_zero_and_reports_the_shortfall()
    {
        var account = new PointsAccount();
        Apply(account, account.Earn(Till("p1"), 50m, 50, Now));
        Apply(account, account.Redeem(Till("p9"), 45, 0.45m, Now));

        var refund = account.Refund(Till("ret"), 50m, new OriginalReceipt("s1", "p1"), Now);
        Apply(account, refund);

        Assert.Equal((-5L, 45L), (refund.Entries.Single().Points, refund.Shortfall));
        Assert.Equal(0, account.Balance);
    }

    [Fact]
    public void Refunds_are_refused_for_unknown_receipts_and_beyond_the_purchase()
    {
        var account = Apply(new PointsAccount(), new PointsAccount().Earn(Till("p1"), 10m, 10, Now));

        Assert.Equal(Refusal.UnknownReceipt, account.Refund(Till("r1"), 1m, new OriginalReceipt("s1", "nope"), Now).Refusal);
        Assert.Equal(Refusal.UnknownReceipt, account.Refund(Till("r1"), 1m, new OriginalReceipt("s2", "p1"), Now).Refusal);
        Assert.Equal(Refusal.RefundExceedsPurchase, account.Refund(Till("r1"), 10.01m, new OriginalReceipt("s1", "p1"), Now).Refusal);
    }

    [Fact]
    public void Replaying_the_ledger_rebuilds_the_same_account()
    {
        var account = new PointsAccount();
        var entries = new List<LedgerEntry>();
        void Do(Decision d)
        {
            Apply(account, d);
            entries.AddRange(d.Entries);
        }
        Do(account.Earn(Till("a", Day1.AddDays(2)), 33m, 33, Now));
        Do(account.Earn(Till("b", Day1), 17m, 17, Now));
        Do(account.Redeem(Till("c"), 20, 0.2m, Now));
        Do(account.Refund(Till("d"), 11m, new OriginalReceipt("s1", "a"), Now));
        Do(account.Adjust("case-1", -3, "fix", "op", Now));

        var replayed = PointsAccount.Replay(entries);

        Assert.Equal((account.Balance, account.LastSeq, account.LifetimeSpend, account.VisitCount), (replayed.Balance, replayed.LastSeq, replayed.LifetimeSpend, replayed.VisitCount));
        Assert.Equal(account.OpenLots, replayed.OpenLots);
        Assert.Equal(account.OpenLots.Sum(l => l.Remaining), replayed.Balance);
        Assert.Equal((Day1, Day1.AddDays(2)), (replayed.FirstPurchaseAt, replayed.LastPurchaseAt));
    }

    [Fact]
    public void A_ledger_that_does_not_add_up_is_rejected()
    {
        var entry = new PointsAccount().Earn(Till("a"), 10m, 10, Now).Entries.Single();

        Assert.Throws<InvalidOperationException>(() => PointsAccount.Replay([entry with { BalanceAfter = 11 }]));
        Assert.Throws<InvalidOperationException>(() => PointsAccount.Replay([entry with { Seq = 2 }]));
    }

    [Fact]
    public void Idempotency_keys_come_from_store_till_business_day_receipt_and_kind()
    {
        var account = new PointsAccount();
        var earn = account.Earn(new TillReference("s7", "t-2", "R9", null, Day1), 1m, 1, Now).Entries.Single();
        var lateNight = account.Earn(new TillReference("s7", "t-2", "R9", null, new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.FromHours(1))), 1m, 1, Now).Entries.Single();
        var namedDay = account.Earn(new TillReference("s7", "t-2", "R9", null, Day1, new DateOnly(2026, 2, 28)), 1m, 1, Now).Entries.Single();

        Assert.Equal(("s7/t-2/2026-03-01/R9/purchase", new DateOnly(2026, 3, 1)), (earn.IdempotencyKey, earn.BusinessDay));
        Assert.Equal("s7/t-2/2026-03-02/R9/purchase", lateNight.IdempotencyKey); // the till's date, not the UTC one (1 March)
        Assert.Equal("s7/t-2/2026-02-28/R9/purchase", namedDay.IdempotencyKey);
        Assert.Equal("adjustment/case-1", account.Adjust("case-1", 5, "x", "op", Now).Entries.Single().IdempotencyKey);
    }
}

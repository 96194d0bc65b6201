using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Tests;

/// <summary>
/// A return gives back the share of the points its purchase's receipt redeemed, whether they were redeemed online or
/// offline; what an offline redemption left owed is what the return gives back first, so the debt it made goes with it.
/// </summary>
public sealed class OfflineRedemptionReturnTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

    private static TillReference Till(string receipt) => new("s1", "t1", receipt, "mag:123456", Day1);

    private static PointsAccount Apply(PointsAccount account, Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.Message);
        decision.Entries.ToList().ForEach(account.Apply);
        return account;
    }

    // A 100.00 purchase earning 100 points.
    private static PointsAccount Sale()
    {
        var account = new PointsAccount();
        return Apply(account, account.Earn(Till("P1"), 100m, 100, Now));
    }

    [Fact]
    public void A_return_gives_back_its_share_of_points_redeemed_offline_on_its_receipt_as_it_does_for_online_ones()
    {
        var offline = Apply(Sale(), Sale().RedeemOffline(Till("P1"), 40, allowance: 50, 0.40m, Now));
        var online = Sale();
        Apply(online, online.Redeem(Till("P1"), 40, 0.40m, Now));

        var half = new[] { offline, online }.Select(a => a.Refund(Till("B1"), 50m, new OriginalReceipt("s1", "P1"), Now)).ToList();

        Assert.All(half, decision =>
        {
            Assert.Equal((EntryKind.RedemptionReturn, 20L), (decision.Entries[0].Kind, decision.Entries[0].Points));
            Assert.Equal((EntryKind.Refund, -50L), (decision.Entries[1].Kind, decision.Entries[1].Points));
        });
        Apply(offline, half[0]);
        Assert.Equal((30L, 0L), (offline.Balance, offline.Debt)); // 100 − 40 + 20 − 50
    }

    [Fact]
    public void A_half_return_of_a_purchase_redeemed_offline_on_credit_takes_back_what_it_earned_then_pays_debt_with_the_rest()
    {
        var account = new PointsAccount();
        Apply(account, account.Earn(Till("P1"), 50m, 50, Now));
        Apply(account, account.RedeemOffline(Till("P1"), 150, allowance: 150, 1.50m, Now)); // 50 covered, 100 owed

        var half = account.Refund(Till("B1"), 25m, new OriginalReceipt("s1", "P1"), Now);
        Apply(account, half);

        Assert.Equal([(EntryKind.RedemptionReturn, 75L, 0L), (EntryKind.Refund, -25L, 0L), (EntryKind.DebtRecovery, -50L, -50L)],
            half.Entries.Select(e => (e.Kind, e.Points, e.Debt)));
        Assert.Equal([new LotDraw(half.Entries[0].Seq, 50)], half.Entries[2].Draws);
        Assert.Equal(0, half.Shortfall);
        Assert.Equal((0L, 50L), (account.Balance, account.Debt));
    }

    [Fact]
    public void A_return_that_gives_back_only_what_it_takes_back_leaves_a_debt_made_on_another_receipt_owed()
    {
        var account = Sale();
        Apply(account, account.Redeem(Till("P1"), 100, 1.00m, Now)); // online, on the purchase's own receipt
        Apply(account, account.RedeemOffline(Till("P2"), 50, allowance: 50, 0.50m, Now)); // another receipt, all owed

        var whole = account.Refund(Till("B1"), 100m, new OriginalReceipt("s1", "P1"), Now);
        Apply(account, whole);

        Assert.Equal([EntryKind.RedemptionReturn, EntryKind.Refund], whole.Entries.Select(e => e.Kind));
        Assert.Equal(0, whole.Shortfall);
        Assert.Equal((0L, 50L), (account.Balance, account.Debt));
    }

    [Fact]
    public void A_whole_return_after_the_earned_points_were_spent_keeps_what_cannot_be_taken_back_owed_where_it_can()
    {
        var account = Sale();
        Apply(account, account.Redeem(Till("P2"), 90, 0.90m, Now)); // spent at another till meanwhile: 10 left
        Apply(account, account.RedeemOffline(Till("P1"), 50, allowance: 50, 0.50m, Now)); // 10 covered, 40 owed

        var whole = account.Refund(Till("B1"), 100m, new OriginalReceipt("s1", "P1"), Now);
        Apply(account, whole);

        // The 50 given back are taken back with the earned points; the 90 spent on P2 came from P1's points: 40 of them
        // stay owed as the debt, 50 cannot be recovered.
        Assert.Equal([(EntryKind.RedemptionReturn, 50L), (EntryKind.Refund, -50L)], whole.Entries.Select(e => (e.Kind, e.Points)));
        Assert.Equal(50, whole.Shortfall);
        Assert.Equal((0L, 40L), (account.Balance, account.Debt));
    }
}

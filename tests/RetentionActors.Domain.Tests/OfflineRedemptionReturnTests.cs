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
    public void A_return_of_a_purchase_whose_receipt_redeemed_offline_on_credit_pays_that_debt_back_first()
    {
        var account = Sale();
        Apply(account, account.Redeem(Till("P2"), 90, 0.90m, Now)); // spent at another till meanwhile: 10 left
        Apply(account, account.RedeemOffline(Till("P1"), 50, allowance: 50, 0.50m, Now)); // 10 covered, 40 owed

        var whole = account.Refund(Till("B1"), 100m, new OriginalReceipt("s1", "P1"), Now);
        Apply(account, whole);

        Assert.Equal([(EntryKind.RedemptionReturn, 50L, 0L), (EntryKind.DebtRecovery, -40L, -40L), (EntryKind.Refund, -10L, 0L)],
            whole.Entries.Select(e => (e.Kind, e.Points, e.Debt)));
        Assert.Equal(90, whole.Shortfall); // the 90 points spent online were the purchase's and cannot be taken back
        Assert.Equal((0L, 0L), (account.Balance, account.Debt));
    }
}

using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Domain.Tests;

/// <summary>A return takes back its share of everything its purchase earned: points, campaign bonuses, stamps.</summary>
public sealed class RefundTakesBackTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static TillReference Till(string receipt) => new("s1", "t1", receipt, null, Day1);

    private static PointsAccount Apply(PointsAccount account, Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.Message);
        decision.Entries.ToList().ForEach(account.Apply);
        return account;
    }

    // 30.00 earning 30 points, a 10-point campaign bonus and a 100-point referral bonus.
    private static PointsAccount SaleWithBonuses()
    {
        var account = new PointsAccount();
        return Apply(account, account.Earn(Till("P1"), 30m, 30, Now, [(CampaignBonusReason.For("c1"), 10), ("referral-friend", 100)]));
    }

    [Fact]
    public void Partial_returns_take_back_the_same_share_of_campaign_bonuses_adding_up_exactly_at_the_full_return()
    {
        var account = SaleWithBonuses();

        var parts = new List<Decision>();
        foreach (var receipt in new[] { "B1", "B2", "B3" })
        {
            parts.Add(account.Refund(Till(receipt), 10m, new OriginalReceipt("s1", "P1"), Now));
            Apply(account, parts[^1]);
        }

        var reversals = parts.Select(p => p.Entries.Where(e => e.Kind == EntryKind.BonusReversal).Sum(e => -e.Points)).ToList();
        Assert.Equal([3L, 3L, 4L], reversals); // floor(10 × 1/3), floor(10 × 2/3) − 3, 10 − 6
        Assert.Equal([10L, 10L, 10L], parts.Select(p => -p.Entries.Single(e => e.Kind == EntryKind.Refund).Points));
        Assert.Equal(100, account.Balance); // the referral bonus stays
        var first = parts[0].Entries.Single(e => e.Kind == EntryKind.BonusReversal);
        Assert.Equal(("s1/t1/2026-03-01/B1/bonus-reversal/campaign-c1", "s1/t1/2026-03-01/P1", "campaign-c1", 0m),
            (first.IdempotencyKey, first.RefersTo, first.Reason, first.Amount));
        Assert.Equal([new LotDraw(2, 3)], first.Draws); // from the bonus's own lot
    }

    [Fact]
    public void Bonus_reversal_never_takes_the_balance_below_zero_and_counts_the_rest_as_not_recovered()
    {
        var account = new PointsAccount();
        Apply(account, account.Earn(Till("P1"), 30m, 30, Now, [(CampaignBonusReason.For("c1"), 10)]));
        Apply(account, account.Redeem(Till("X"), 35, 0.35m, Now));

        var refund = account.Refund(Till("B1"), 30m, new OriginalReceipt("s1", "P1"), Now);
        Apply(account, refund);

        Assert.Equal([(EntryKind.Refund, -5L)], refund.Entries.Select(e => (e.Kind, e.Points))); // no 0-point reversal
        Assert.Equal(35, refund.Shortfall); // 25 of the points and all 10 of the bonus
        Assert.Equal(0, account.Balance);
    }

    [Fact]
    public void Bonuses_given_on_another_receipt_or_for_a_referral_are_not_taken_back()
    {
        var account = SaleWithBonuses();
        Apply(account, account.Earn(Till("P2"), 10m, 10, Now, [(CampaignBonusReason.For("c1"), 7)]));
        Apply(account, account.Bonus("birthday/2026", "birthday", 50, Day1, Now));

        var refund = account.Refund(Till("B1"), 30m, new OriginalReceipt("s1", "P1"), Now);

        Assert.Equal([(EntryKind.Refund, -30L), (EntryKind.BonusReversal, -10L)], refund.Entries.Select(e => (e.Kind, e.Points)));
        Assert.Equal((0m, 30m), (refund.Purchase!.Refunded, refund.Purchase.Amount));
    }

    [Fact]
    public void Replaying_a_ledger_with_bonus_reversals_rebuilds_the_same_account()
    {
        var account = SaleWithBonuses();
        var entries = new List<LedgerEntry>();
        entries.AddRange(new PointsAccount().Earn(Till("P1"), 30m, 30, Now, [(CampaignBonusReason.For("c1"), 10), ("referral-friend", 100)]).Entries);
        var refund = account.Refund(Till("B1"), 15m, new OriginalReceipt("s1", "P1"), Now);
        Apply(account, refund);
        entries.AddRange(refund.Entries);

        var replayed = PointsAccount.Replay(entries);

        Assert.Equal((account.Balance, account.LastSeq), (replayed.Balance, replayed.LastSeq));
        Assert.Equal(account.OpenLots, replayed.OpenLots);
        var rest = replayed.Refund(Till("B2"), 15m, new OriginalReceipt("s1", "P1"), Now);
        Assert.Equal(-5, rest.Entries.Single(e => e.Kind == EntryKind.BonusReversal).Points);
    }

    [Theory]
    [InlineData(5, 9, new[] { 1, 2, 2 })]   // floor(5/3), floor(10/3) − 1, 5 − 3
    [InlineData(5, 1, new[] { 1, 0, 0 })]   // never more than the card holds
    [InlineData(0, 9, new[] { 0, 0, 0 })]
    public void Stamps_come_back_in_the_same_share_never_below_zero(int earned, int held, int[] expected)
    {
        var purchase = new PurchaseRecord(1, Day1, 30m, 30, 0m, 0);
        var taken = new List<int>();
        for (var part = 0; part < 3; part++)
        {
            var back = StampReturn.TakenBack(purchase, 10m, new Dictionary<string, int> { ["coffee"] = earned }, new Dictionary<string, int> { ["coffee"] = held });
            taken.Add(back.GetValueOrDefault("coffee"));
            held -= taken[^1];
            purchase = purchase with { Refunded = purchase.Refunded + 10m };
        }

        Assert.Equal(expected, taken);
    }
}

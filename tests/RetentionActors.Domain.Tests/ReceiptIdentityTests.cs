using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Tests;

/// <summary>Tills number receipts per till and start again every day: a receipt is store + till + business day + number.</summary>
public sealed class ReceiptIdentityTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    private static TillReference Till(string till, string receipt, DateTimeOffset at) => new("s1", till, receipt, null, at);

    private static PointsAccount Apply(PointsAccount account, Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.Message);
        decision.Entries.ToList().ForEach(account.Apply);
        return account;
    }

    private static PointsAccount ThreeSalesNumberedOne()
    {
        var account = new PointsAccount();
        Apply(account, account.Earn(Till("t1", "1", Monday), 10m, 10, Now));
        Apply(account, account.Earn(Till("t1", "1", Monday.AddDays(1)), 20m, 20, Now));
        Apply(account, account.Earn(Till("t2", "1", Monday), 30m, 30, Now));
        return account;
    }

    [Fact]
    public void The_same_receipt_number_on_another_day_or_till_is_another_sale()
    {
        var account = ThreeSalesNumberedOne();

        Assert.Equal((60L, 3), (account.Balance, account.VisitCount));
    }

    [Fact]
    public void A_return_naming_till_and_day_finds_its_sale_among_sales_with_the_same_number()
    {
        var account = ThreeSalesNumberedOne();

        var refund = account.Refund(Till("t9", "B1", Now), 20m, new OriginalReceipt("s1", "1", "t1", new DateOnly(2026, 12, 8)), Now);

        var entry = Assert.Single(refund.Entries);
        Assert.Equal((-20L, "s1/t1/2026-12-08/1", "s1/t9/2026-12-10/B1/refund"), (entry.Points, entry.RefersTo, entry.IdempotencyKey));
    }

    [Fact]
    public void A_return_naming_store_and_receipt_only_is_refused_when_several_sales_match_and_says_what_to_give()
    {
        var account = ThreeSalesNumberedOne();

        var ambiguous = account.Refund(Till("t9", "B1", Now), 5m, new OriginalReceipt("s1", "1"), Now);
        var byTill = account.Refund(Till("t9", "B1", Now), 5m, new OriginalReceipt("s1", "1", "t2"), Now);
        var byDay = account.Refund(Till("t9", "B1", Now), 5m, new OriginalReceipt("s1", "1", BusinessDay: new DateOnly(2026, 12, 8)), Now);
        var stillAmbiguous = account.Refund(Till("t9", "B1", Now), 5m, new OriginalReceipt("s1", "1", "t1"), Now);
        var wrongDay = account.Refund(Till("t9", "B1", Now), 5m, new OriginalReceipt("s1", "1", "t2", new DateOnly(2026, 12, 8)), Now);

        Assert.Equal(Refusal.AmbiguousReceipt, ambiguous.Refusal);
        Assert.Contains("till t1 on 2026-12-07, till t1 on 2026-12-08, till t2 on 2026-12-07", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("give the till and business day", ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal("s1/t2/2026-12-07/1", byTill.Entries.Single().RefersTo);
        Assert.Equal("s1/t1/2026-12-08/1", byDay.Entries.Single().RefersTo);
        Assert.Equal(Refusal.AmbiguousReceipt, stillAmbiguous.Refusal);
        Assert.Equal(Refusal.UnknownReceipt, wrongDay.Refusal);
        Assert.Equal(60, account.Balance);
    }

    [Fact]
    public void A_return_naming_store_and_receipt_only_finds_the_one_sale_that_has_them()
    {
        var account = ThreeSalesNumberedOne();
        Apply(account, account.Earn(Till("t1", "7", Monday), 40m, 40, Now));

        var refund = account.Refund(Till("t9", "B2", Now), 40m, new OriginalReceipt("s1", "7"), Now);

        Assert.Equal((-40L, "s1/t1/2026-12-07/7"), (refund.Entries.Single().Points, refund.Entries.Single().RefersTo));
    }

    [Fact]
    public void A_ledger_entry_without_a_business_day_counts_for_the_date_its_till_time_showed()
    {
        var earned = new PointsAccount().Earn(Till("t1", "1", new DateTimeOffset(2026, 12, 8, 0, 30, 0, TimeSpan.FromHours(2))), 10m, 10, Now).Entries.Single();
        var account = PointsAccount.Replay([earned with { BusinessDay = null }]);

        var refund = account.Refund(Till("t9", "B1", Now), 10m, new OriginalReceipt("s1", "1", "t1", new DateOnly(2026, 12, 8)), Now);

        Assert.True(refund.IsAccepted, refund.Message);
        Assert.Equal("s1/t1/2026-12-08/1", refund.Entries.Single().RefersTo);
    }
}

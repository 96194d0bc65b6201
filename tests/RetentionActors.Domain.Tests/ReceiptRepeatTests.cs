using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Tests;

/// <summary>A receipt sent again is the same sale (a retry) only when it says what was booked; otherwise it is a conflict.</summary>
public sealed class ReceiptRepeatTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
    private const string Sale = "s1/t1/2026-12-07/R1";
    private const string Return = "s1/t9/2026-12-07/B1";

    private static TillReference Till(string till, string receipt) => new("s1", till, receipt, null, Monday);

    private static PointsAccount SaleRedeemedAndPartlyReturned() => PointsAccount.Replay(SaleRedeemedAndPartlyReturnedLedger());

    // A sale of 40, 15 points redeemed on it, 10 of it returned on another receipt: the ledger those decisions wrote.
    private static List<LedgerEntry> SaleRedeemedAndPartlyReturnedLedger()
    {
        var account = new PointsAccount();
        var ledger = new List<LedgerEntry>();
        foreach (var decide in new Func<Decision>[]
                 {
                     () => account.Earn(Till("t1", "R1"), 40m, 40, Now),
                     () => account.Redeem(Till("t1", "R1"), 15, 1.5m, Now),
                     () => account.Refund(Till("t9", "B1"), 10m, new OriginalReceipt("s1", "R1", "t1", new DateOnly(2026, 12, 7)), Now),
                 })
        {
            var decision = decide();
            Assert.True(decision.IsAccepted, decision.Message);
            decision.Entries.ToList().ForEach(account.Apply);
            ledger.AddRange(decision.Entries);
        }
        return ledger;
    }

    [Fact]
    public void The_same_figures_again_are_a_retry()
    {
        var account = SaleRedeemedAndPartlyReturned();

        Assert.Null(account.DiffersFromBooked(Sale, EntryKind.Purchase, 40m));
        Assert.Null(account.DiffersFromBooked(Sale, EntryKind.Redemption, 15));
        Assert.Null(account.DiffersFromBooked(Return, EntryKind.Refund, 10m));
        Assert.Null(account.DiffersFromBooked("s1/t1/2026-12-08/R1", EntryKind.Purchase, 99m));
    }

    [Fact]
    public void Other_figures_under_a_booked_receipt_are_a_conflict_that_says_both()
    {
        var account = SaleRedeemedAndPartlyReturned();

        var purchase = account.DiffersFromBooked(Sale, EntryKind.Purchase, 400m);
        var redemption = account.DiffersFromBooked(Sale, EntryKind.Redemption, 16);
        var refund = account.DiffersFromBooked(Return, EntryKind.Refund, 10.01m);

        Assert.Equal($"Receipt {Sale} is already recorded as a purchase of 40; this one says 400. "
            + "A receipt is recorded once: correct the booking in the back office, or send the sale under its own receipt number.", purchase);
        Assert.StartsWith($"Receipt {Sale} is already recorded as a redemption of 15 points; this one says 16 points.", redemption, StringComparison.Ordinal);
        Assert.StartsWith($"Receipt {Return} is already recorded as a return of 10; this one says 10.01.", refund, StringComparison.Ordinal);
    }
}

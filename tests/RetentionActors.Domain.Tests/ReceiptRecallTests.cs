using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Tests;

/// <summary>
/// An account holds the detail of its newest receipts only (issue 22: a customer's memory grew with every purchase);
/// an older one is recalled from the ledger when a return or a repeated receipt names it, and then decides as before.
/// </summary>
public sealed class ReceiptRecallTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 12, 7);

    private static TillReference Till(string receipt, string till = "t1", int minute = 0) => new("s1", till, receipt, "mag:1", Monday.AddMinutes(minute));

    private static string Key(string receipt, string till = "t1") => EntryKeys.Receipt("s1", till, Day, receipt);

    private static void Apply(PointsAccount account, List<LedgerEntry> ledger, Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.Message);
        foreach (var entry in decision.Entries)
        {
            account.Apply(entry);
            ledger.Add(entry);
        }
    }

    // R0: a sale of 40 with 15 points redeemed on its receipt; then more sales than the account holds receipts of.
    private static (PointsAccount Account, List<LedgerEntry> Ledger) OldSaleThenMany(int later = PointsAccount.ReceiptsHeld + 2)
    {
        var (account, ledger) = (new PointsAccount(), new List<LedgerEntry>());
        Apply(account, ledger, account.Earn(Till("R0"), 40m, 40, Now));
        Apply(account, ledger, account.Redeem(Till("R0"), 15, 1.5m, Now));
        for (var i = 1; i <= later; i++)
        {
            Apply(account, ledger, account.Earn(Till($"R{i}", minute: 60 * i), 10m, 10, Now));
        }
        return (account, ledger);
    }

    [Fact]
    public void Receipts_beyond_the_newest_are_forgotten_and_a_return_of_one_is_refused_until_recalled()
    {
        var (account, ledger) = OldSaleThenMany();
        var original = new OriginalReceipt("s1", "R0", "t1", Day);

        Assert.True(account.NeedsRecall(Key("R0")));
        Assert.True(account.NeedsRecall(original));
        Assert.False(account.NeedsRecall(Key($"R{PointsAccount.ReceiptsHeld + 2}")));
        Assert.Equal(Refusal.UnknownReceipt, account.Refund(Till("B1", "t9"), 20m, original, Now).Refusal);

        account.Recall(ledger, original);
        var refund = account.Refund(Till("B1", "t9"), 20m, original, Now);

        Assert.False(account.NeedsRecall(original));
        // Half of the sale back: half of the 15 redeemed points returned (7), half of the 40 earned taken back (20).
        Assert.Equal([(EntryKind.RedemptionReturn, 7L), (EntryKind.Refund, -20L)], refund.Entries.Select(e => (e.Kind, e.Points)));
        Apply(account, ledger, refund);
    }

    [Fact]
    public void A_recalled_receipt_tells_a_retry_from_a_conflict_as_a_held_one_does()
    {
        var (account, ledger) = OldSaleThenMany();
        Assert.Null(account.DiffersFromBooked(Key("R0"), EntryKind.Purchase, 400m)); // forgotten: nothing to compare with

        account.Recall(ledger, Key("R0"));

        Assert.Null(account.DiffersFromBooked(Key("R0"), EntryKind.Purchase, 40m));
        Assert.Null(account.DiffersFromBooked(Key("R0"), EntryKind.Redemption, 15));
        Assert.NotNull(account.DiffersFromBooked(Key("R0"), EntryKind.Purchase, 400m));
        Assert.NotNull(account.DiffersFromBooked(Key("R0"), EntryKind.Redemption, 16));
    }

    [Fact]
    public void Recalling_a_receipt_twice_or_one_still_held_counts_nothing_twice()
    {
        var (account, ledger) = OldSaleThenMany();
        account.Recall(ledger, Key("R0"));
        account.Recall(ledger, Key("R0"));
        account.Recall(ledger, Key($"R{PointsAccount.ReceiptsHeld + 2}"));

        var refund = account.Refund(Till("B1", "t9"), 40m, new OriginalReceipt("s1", "R0", "t1", Day), Now);

        Assert.Equal([(EntryKind.RedemptionReturn, 15L), (EntryKind.Refund, -40L)], refund.Entries.Select(e => (e.Kind, e.Points)));
    }

    [Fact]
    public void A_return_without_till_and_day_recalls_every_sale_with_its_number_and_stays_ambiguous_when_there_are_two()
    {
        var (account, ledger) = (new PointsAccount(), new List<LedgerEntry>());
        Apply(account, ledger, account.Earn(Till("R0", "t1"), 40m, 40, Now));
        Apply(account, ledger, account.Earn(Till("R0", "t2"), 30m, 30, Now));
        for (var i = 1; i <= PointsAccount.ReceiptsHeld; i++)
        {
            Apply(account, ledger, account.Earn(Till($"R{i}", minute: i), 10m, 10, Now));
        }
        var byNumber = new OriginalReceipt("s1", "R0");
        Assert.True(account.NeedsRecall(byNumber));

        account.Recall(ledger, byNumber);

        Assert.Equal(Refusal.AmbiguousReceipt, account.Refund(Till("B1", "t9"), 10m, byNumber, Now).Refusal);
    }

    [Fact]
    public void Recalling_a_forgotten_sale_does_not_push_out_a_held_one_the_same_return_may_name()
    {
        // R0 on till t1 is forgotten; R0 on till t2, sold later, is still held but the least recently used receipt.
        var (account, ledger) = (new PointsAccount(), new List<LedgerEntry>());
        Apply(account, ledger, account.Earn(Till("R0", "t1"), 40m, 40, Now));
        for (var i = 1; i <= PointsAccount.ReceiptsHeld; i++)
        {
            Apply(account, ledger, account.Earn(Till($"A{i}", minute: i), 10m, 10, Now));
        }
        Apply(account, ledger, account.Earn(Till("R0", "t2", 100), 30m, 30, Now));
        for (var i = 1; i < PointsAccount.ReceiptsHeld; i++)
        {
            Apply(account, ledger, account.Earn(Till($"B{i}", minute: 100 + i), 10m, 10, Now));
        }
        var byNumber = new OriginalReceipt("s1", "R0");

        account.Recall(ledger, byNumber);

        Assert.Equal(Refusal.AmbiguousReceipt, account.Refund(Till("X1", "t9"), 10m, byNumber, Now).Refusal);
    }

    [Fact]
    public void Recalling_from_part_of_the_ledger_is_refused()
    {
        var (account, ledger) = OldSaleThenMany();

        Assert.Throws<InvalidOperationException>(() => account.Recall(ledger[..^1], Key("R0")));
    }

    [Fact]
    public void A_return_of_the_oldest_held_purchase_keeps_it_while_its_entries_are_applied()
    {
        // R0 is the least recently used of the receipts held; the return's own receipt makes one too many.
        var (account, ledger) = OldSaleThenMany(PointsAccount.ReceiptsHeld - 1);
        Assert.False(account.NeedsRecall(Key("R0")));

        Apply(account, ledger, account.Refund(Till("B1", "t9"), 40m, new OriginalReceipt("s1", "R0", "t1", Day), Now));

        Assert.False(account.NeedsRecall(Key("R0")));
        Assert.True(account.NeedsRecall(Key("R1")));
    }

    [Fact]
    public void Replaying_a_long_ledger_holds_every_purchase_a_return_refers_to_and_then_only_the_newest()
    {
        var (account, ledger) = OldSaleThenMany();
        account.Recall(ledger, Key("R0"));
        Apply(account, ledger, account.Refund(Till("B1", "t9"), 40m, new OriginalReceipt("s1", "R0", "t1", Day), Now));

        var replayed = PointsAccount.Replay(ledger);

        Assert.Equal(account.Balance, replayed.Balance);
        Assert.Equal(account.LifetimeSpend, replayed.LifetimeSpend);
        Assert.True(replayed.NeedsRecall(Key("R1")));
        Assert.False(replayed.NeedsRecall(Key("B1", "t9")));
    }

    [Fact]
    public void A_new_account_or_one_with_few_receipts_never_needs_a_recall()
    {
        var (account, _) = OldSaleThenMany(PointsAccount.ReceiptsHeld - 1);

        Assert.False(new PointsAccount().NeedsRecall(Key("R0")));
        Assert.False(account.NeedsRecall(Key("never-sold")));
        Assert.False(account.NeedsRecall(new OriginalReceipt("s1", "never-sold")));
    }

    [Fact]
    public void The_velocity_limit_counts_the_cards_purchases_of_the_hour_however_many_came_before()
    {
        var (account, ledger) = (new PointsAccount(), new List<LedgerEntry>());
        for (var i = 0; i < 3 * PointsAccount.ReceiptsHeld; i++)
        {
            // Every 10 minutes: the last hour holds six of them.
            Apply(account, ledger, account.Earn(Till($"R{i}", minute: 10 * i), 10m, 10, Now));
        }
        var last = Monday.AddMinutes(10 * (3 * PointsAccount.ReceiptsHeld - 1));

        Assert.Equal(6, account.PurchasesInHour("mag:1", last));
        Assert.Equal(0, account.PurchasesInHour("mag:2", last));
        Assert.Equal(1, account.PurchasesInHour("mag:1", last.AddMinutes(59)));
    }
}

using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>What every <see cref="ICustomerStore"/> must do, written once and run per store.</summary>
public abstract class CustomerStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 30, 15, 123, TimeSpan.FromHours(2));

    protected abstract ICustomerStore Store { get; }

    protected abstract Sql.SqlDatabase Database { get; }

    private static CustomerDocument Document(int version = 1, params string[] cards) =>
        new(new CustomerProfile("Store Tester", "Store@Example.com", "+49 30 1234567", new DateOnly(1990, 2, 3), true), At, cards, version);

    private static LedgerEntry Entry(long seq, long points, long balance, string? receipt = null) => new()
    {
        Seq = seq,
        Kind = EntryKind.Purchase,
        Points = points,
        Amount = 12.3456m,
        BalanceAfter = balance,
        IdempotencyKey = $"s1/{receipt ?? "r" + seq}/purchase",
        StoreId = "s1",
        TerminalId = "t1",
        ReceiptId = receipt ?? "r" + seq,
        CardId = "nfc:04A1B2C3",
        OccurredAt = At,
        RecordedAt = At.ToUniversalTime(),
        Draws = seq > 1 ? [new LotDraw(1, 2)] : [],
    };

    private static string NewCustomer() => "c-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Committed_customer_loads_back_exactly()
    {
        var id = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(id, Document(), [], null, null), TestContext.Current.CancellationToken);
        await Store.CommitAsync(new CustomerCommit(id, null, [Entry(1, 10, 10)], "s1/r1/purchase", TestAnswers.Points(1)), TestContext.Current.CancellationToken);
        await Store.CommitAsync(new CustomerCommit(id, Document(2, "nfc:04A1B2C3"), [Entry(2, 5, 15)], "s1/r2/purchase", TestAnswers.Points(2)), TestContext.Current.CancellationToken);

        var loaded = await Store.LoadAsync(id, TestContext.Current.CancellationToken);

        Assert.NotNull(loaded);
        Assert.Equal(Document(2, "nfc:04A1B2C3").Profile, loaded.Document.Profile);
        Assert.Equal(["nfc:04A1B2C3"], loaded.Document.Cards);
        Assert.Equal((2, At), (loaded.Document.Version, loaded.Document.EnrolledAt));
        Assert.Equal([Entry(1, 10, 10), Entry(2, 5, 15)], loaded.Entries, EntryComparer.Instance);
        Assert.Equal(At.Offset, loaded.Entries[0].OccurredAt.Offset);
        Assert.Equal(["s1/r1/purchase", "s1/r2/purchase"], loaded.OperationKeys.Order());
        Assert.Equal(TestAnswers.Points(2), await Store.ReadOperationAnswerAsync(id, "s1/r2/purchase", AnswerKind.Adjustment, TestContext.Current.CancellationToken));
        Assert.Null(await Store.LoadAsync(NewCustomer(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Second_enrollment_of_the_same_customer_is_refused()
    {
        var id = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(id, Document(), [], null, null), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => Store.CommitAsync(new CustomerCommit(id, Document(), [], null, null), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_writer_that_lost_a_race_cannot_overwrite_and_writes_nothing()
    {
        var id = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(id, Document(), [Entry(1, 10, 10)], "s1/r1/purchase", TestAnswers.Points(1)), TestContext.Current.CancellationToken);

        // A second activation that also thinks seq 1 is next, and one with a stale document version.
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => Store.CommitAsync(new CustomerCommit(id, null, [Entry(1, 99, 99, "other")], "s1/other/purchase", TestAnswers.Points(24)), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => Store.CommitAsync(new CustomerCommit(id, Document(3), [Entry(2, 1, 11)], "s1/r2/purchase", TestAnswers.Points(25)), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => Store.CommitAsync(new CustomerCommit(id, null, [Entry(2, 1, 11, "r1")], "s1/r1b/purchase", TestAnswers.Points(26)), TestContext.Current.CancellationToken));

        var loaded = await Store.LoadAsync(id, TestContext.Current.CancellationToken);
        Assert.Equal([Entry(1, 10, 10)], loaded!.Entries, EntryComparer.Instance);
        Assert.Equal(["s1/r1/purchase"], loaded.OperationKeys);
        Assert.Equal(1, loaded.Document.Version);
    }

    [Fact]
    public async Task Concurrent_commits_of_many_customers_all_land_and_a_failing_one_fails_alone()
    {
        var ids = Enumerable.Range(0, 64).Select(_ => NewCustomer()).ToArray();
        await Task.WhenAll(ids.Select(id => Store.CommitAsync(new CustomerCommit(id, Document(), [], null, null), TestContext.Current.CancellationToken)));

        var commits = ids.Select(id => Store.CommitAsync(new CustomerCommit(id, null, [Entry(1, 7, 7)], "s1/r1/purchase", TestAnswers.Points(7)), TestContext.Current.CancellationToken)).ToList();
        var doomed = Store.CommitAsync(new CustomerCommit(ids[0], Document(), [], null, null), TestContext.Current.CancellationToken);
        await Task.WhenAll(commits);

        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => doomed);
        foreach (var id in ids)
        {
            Assert.Equal(7, (await Store.LoadAsync(id, TestContext.Current.CancellationToken))!.Entries.Single().BalanceAfter);
        }
    }

    [Fact]
    public async Task Commits_written_together_are_all_or_none()
    {
        var id = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(id, Document(), [Entry(1, 10, 10)], "s1/r1/purchase", TestAnswers.Points(1)), TestContext.Current.CancellationToken);

        // The second commit collides with sequence number 1, so the first one of the pair must not land either.
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => Store.CommitAsync(
            [new CustomerCommit(id, null, [Entry(2, 5, 15)], "s1/r2/purchase", TestAnswers.Points(2)), new CustomerCommit(id, null, [Entry(1, 9, 19, "r3")], "s1/r3/purchase", TestAnswers.Points(3))],
            TestContext.Current.CancellationToken));
        await Store.CommitAsync(
            [new CustomerCommit(id, null, [Entry(2, 5, 15)], "s1/r2/purchase", TestAnswers.Points(2)), new CustomerCommit(id, Document(2, "nfc:04A1B2C3"), [Entry(3, 1, 16, "r4")], "s1/r4/purchase", TestAnswers.Points(4))],
            TestContext.Current.CancellationToken);

        var stored = (await Store.LoadAsync(id, TestContext.Current.CancellationToken))!;
        Assert.Equal([1L, 2L, 3L], stored.Entries.Select(e => e.Seq));
        Assert.Equal(["s1/r1/purchase", "s1/r2/purchase", "s1/r4/purchase"], stored.OperationKeys.Order());
        Assert.Equal(2, stored.Document.Version);
        Assert.Null(await Store.ReadOperationAnswerAsync(id, "s1/r3/purchase", AnswerKind.Adjustment, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_receipt_is_recorded_for_the_customer_who_booked_it_and_another_customer_cannot_book_it()
    {
        var (owner, other) = (NewCustomer(), NewCustomer());
        var receipt = $"s1/t1/2026-05-04/{Guid.NewGuid():N}";
        await Store.CommitAsync(new CustomerCommit(owner, Document(), [], null, null), TestContext.Current.CancellationToken);
        await Store.CommitAsync(new CustomerCommit(other, Document(), [], null, null), TestContext.Current.CancellationToken);
        Assert.Null(await Store.ReceiptOwnerAsync(receipt, TestContext.Current.CancellationToken));

        await Store.CommitAsync(new CustomerCommit(owner, null, [Entry(1, 10, 10)], receipt + "/purchase", TestAnswers.Points(1)) { Receipt = receipt }, TestContext.Current.CancellationToken);
        // The owner books more on the same receipt (a redemption at the same sale); another customer's commit is refused whole.
        await Store.CommitAsync(new CustomerCommit(owner, null, [Entry(2, 1, 11)], receipt + "/redemption", TestAnswers.Points(2)) { Receipt = receipt }, TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<ReceiptOwnedElsewhereException>(() => Store.CommitAsync(
            new CustomerCommit(other, null, [Entry(1, 10, 10)], receipt + "/purchase", TestAnswers.Points(3)) { Receipt = receipt }, TestContext.Current.CancellationToken));

        Assert.Equal(owner, await Store.ReceiptOwnerAsync(receipt, TestContext.Current.CancellationToken));
        Assert.Equal(receipt, refused.Receipt);
        Assert.DoesNotContain(owner, refused.Message, StringComparison.Ordinal);
        var untouched = (await Store.LoadAsync(other, TestContext.Current.CancellationToken))!;
        Assert.Empty(untouched.Entries);
        Assert.Empty(untouched.OperationKeys);
    }

    [Fact]
    public async Task An_offline_redemptions_debt_loads_back_and_the_customer_is_listed_until_it_is_paid_back()
    {
        var id = NewCustomer();
        var offline = Entry(2, -10, 0) with { Kind = EntryKind.OfflineRedemption, IdempotencyKey = "s1/off/offline-redemption", ReceiptId = "off", Debt = 30, Draws = [new LotDraw(1, 10)] };
        await Store.CommitAsync(new CustomerCommit(id, Document(), [Entry(1, 10, 10), offline], "s1/off/offline-redemption", TestAnswers.Points(1)), TestContext.Current.CancellationToken);
        var owing = await DebtOf(id);
        var recovery = Entry(4, -30, 10) with { Kind = EntryKind.DebtRecovery, IdempotencyKey = "s1/r3/debt-recovery", ReceiptId = "r3", Debt = -30, Draws = [new LotDraw(3, 30)] };
        await Store.CommitAsync(new CustomerCommit(id, null, [Entry(3, 40, 40, "r3"), recovery], "s1/r3/purchase", TestAnswers.Points(2)), TestContext.Current.CancellationToken);

        var entries = await Store.ReadLedgerAsync(id, afterSeq: 0, take: 10, TestContext.Current.CancellationToken);

        Assert.Equal([0L, 30L, 0L, -30L], entries.Select(e => e.Debt));
        Assert.Equal((EntryKind.OfflineRedemption, EntryKind.DebtRecovery), (entries[1].Kind, entries[3].Kind));
        Assert.Equal(30, owing);
        Assert.Null(await DebtOf(id));
    }

    // The customer's outstanding debt as the back office lists it (pages from just before the id), or null when not listed.
    private async Task<long?> DebtOf(string customerId) =>
        (await BackOffice.SqlOutstandingDebts.ListAsync(Database, customerId[..^1], 10, TestContext.Current.CancellationToken))
            .SingleOrDefault(d => d.CustomerId == customerId)?.Points;

    [Fact]
    public async Task An_approved_adjustment_keeps_who_asked_and_who_approved()
    {
        var id = NewCustomer();
        var adjustment = Entry(1, 600, 600) with
        {
            Kind = EntryKind.Adjustment, IdempotencyKey = "adjustment/BIG-1", StoreId = null, TerminalId = null, CardId = null,
            ReceiptId = "BIG-1", Reason = "Compensation", OperatorId = "maria", ApprovedBy = "bob", Draws = [],
        };
        await Store.CommitAsync(new CustomerCommit(id, Document(), [adjustment, Entry(2, 5, 605)], "adjustment/BIG-1", TestAnswers.Points(1)), TestContext.Current.CancellationToken);

        var entries = await Store.ReadLedgerAsync(id, afterSeq: 0, take: 10, TestContext.Current.CancellationToken);

        Assert.Equal([adjustment, Entry(2, 5, 605)], entries, EntryComparer.Instance);
        Assert.Equal(["bob", null], entries.Select(e => e.ApprovedBy));
    }

    [Fact]
    public async Task Ledger_pages_by_sequence_number()
    {
        var id = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(id, Document(), [Entry(1, 10, 10), Entry(2, 1, 11), Entry(3, 1, 12)], "op", TestAnswers.Points(0)), TestContext.Current.CancellationToken);

        var page = await Store.ReadLedgerAsync(id, afterSeq: 1, take: 1, TestContext.Current.CancellationToken);

        Assert.Equal([2L], page.Select(e => e.Seq));
    }

    private sealed class EntryComparer : IEqualityComparer<LedgerEntry>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals(LedgerEntry? x, LedgerEntry? y) =>
            x is not null && y is not null && x with { Draws = [] } == y with { Draws = [] } && x.Draws.SequenceEqual(y.Draws);

        public int GetHashCode(LedgerEntry obj) => obj.Seq.GetHashCode();
    }
}

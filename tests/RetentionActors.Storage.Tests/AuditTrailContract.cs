using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// Audit rows travel in the transaction of the change they record, on every engine: there exactly when the change is,
/// gone with a refused write, never doubled by the back office's own row, and never colliding between silos.
/// </summary>
public abstract class AuditTrailContract
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 30, 15, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    /// <summary>Another writer on the same store, as a second silo has; disposed by the caller.</summary>
    protected abstract SqlDatabase OpenSecondWriter();

    /// <summary>DDL that makes the database fail (not refuse a key) every insert into <paramref name="table"/> whose <paramref name="column"/> is <paramref name="value"/>.</summary>
    protected abstract string FailInserts(string table, string column, string value);

    private ICustomerStore Store => new SqlCustomerStore(Database);

    private SqlAuditTrail Trail => new(Database);

    private static string NewCustomer() => "audit-" + Guid.NewGuid().ToString("N");

    private static CustomerDocument Document(int version) => new(new CustomerProfile("Audit Tester"), At, [], version);

    private static LedgerEntry Adjustment(long seq, long points, string reason) => new()
    {
        Seq = seq,
        Kind = EntryKind.Adjustment,
        Points = points,
        BalanceAfter = points,
        IdempotencyKey = "case-" + seq,
        OccurredAt = At,
        RecordedAt = At,
        Reason = reason,
        OperatorId = "ada",
    };

    [Fact]
    public async Task A_customer_commit_writes_its_audit_row_in_the_same_transaction()
    {
        var customer = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(customer, Document(1), [], null, null), Ct);
        var intent = AuditIntent.New(At, "adjust", customer, "+5 points, ref case-1: goodwill", "done");

        await Store.CommitAsync(new CustomerCommit(customer, null, [Adjustment(1, 5, "goodwill")], "case-1", TestAnswers.Points(0)) { Audit = intent.Record("ada") }, Ct);

        Assert.Single(await Store.ReadLedgerAsync(customer, 0, 10, Ct));
        var row = await Trail.FindAsync(intent.Id, Ct);
        Assert.Equal(new AuditRecord(intent.Id, At, "ada", "adjust", customer, "+5 points, ref case-1: goodwill", "done"), row);
    }

    [Fact]
    public async Task A_refused_commit_leaves_neither_its_changes_nor_its_audit_row()
    {
        var customer = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(customer, Document(1), [], null, null), Ct);
        var intent = AuditIntent.New(At, "adjust", customer, null, "done");
        // Two commits of one write: the second is stale (version 5 does not follow 1), so the whole write is refused.
        CustomerCommit[] write =
        [
            new(customer, null, [Adjustment(1, 5, "goodwill")], "case-1", TestAnswers.Points(0)) { Audit = intent.Record("ada") },
            new(customer, Document(5), [], null, null),
        ];

        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => Store.CommitAsync(write, Ct));

        Assert.Empty(await Store.ReadLedgerAsync(customer, 0, 10, Ct));
        Assert.Equal(1, (await Store.LoadAsync(customer, Ct))!.Document.Version);
        Assert.Null(await Trail.FindAsync(intent.Id, Ct));
    }

    [Theory]
    [InlineData("ledger", "customer_id")]
    [InlineData("backoffice_audit", "target")]
    public async Task A_write_the_database_fails_half_way_leaves_neither_the_change_nor_its_audit_row(string failingTable, string column)
    {
        var customer = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(customer, Document(1), [], null, null), Ct);
        await Database.Writer.WriteAsync(writer => writer.Command(FailInserts(failingTable, column, customer)).ExecuteNonQuery());
        var intent = AuditIntent.New(At, "adjust", customer, null, "done");

        var failure = await Record.ExceptionAsync(() => Store.CommitAsync(
            new CustomerCommit(customer, Document(2), [Adjustment(1, 5, "goodwill")], "case-1", TestAnswers.Points(0)) { Audit = intent.Record("ada") }, Ct));

        Assert.NotNull(failure);
        Assert.IsNotType<ConcurrentUpdateException>(failure);
        Assert.Empty(await Store.ReadLedgerAsync(customer, 0, 10, Ct));
        Assert.Equal(1, (await Store.LoadAsync(customer, Ct))!.Document.Version);
        Assert.Null(await Trail.FindAsync(intent.Id, Ct));
    }

    [Fact]
    public async Task The_row_written_with_the_first_change_wins_and_the_back_offices_row_never_doubles_it()
    {
        var customer = NewCustomer();
        await Store.CommitAsync(new CustomerCommit(customer, Document(1), [], null, null), Ct);
        var intent = AuditIntent.New(At, "adjust", customer, null, "done");

        await Store.CommitAsync(new CustomerCommit(customer, null, [Adjustment(1, 5, "first")], "case-1", TestAnswers.Points(0)) { Audit = intent.Record("ada") }, Ct);
        await Store.CommitAsync(new CustomerCommit(customer, Document(2), [], null, null) { Audit = intent.Record("ada", "second change") }, Ct);
        await Trail.RecordAsync(intent.Record("ada", "replayed"));

        var rows = await Trail.ReadAsync(customer, 10, Ct);
        Assert.Equal([(intent.Id, "done")], rows.Select(r => (r.Id, r.Outcome)));
    }

    [Fact]
    public async Task A_call_that_changed_nothing_gets_its_row_from_the_back_office()
    {
        var intent = AuditIntent.New(At, "block-card", "nfc:0411", "lost", "done");

        await Trail.RecordAsync(intent.Record("ada", "CardBlocked"));

        Assert.Equal("CardBlocked", (await Trail.FindAsync(intent.Id, Ct))!.Outcome);
    }

    [Fact]
    public async Task Two_silos_auditing_at_once_never_collide()
    {
        var first = Database; // skips the test where the engine is not there, before a second writer is opened on it
        await using var second = OpenSecondWriter();
        var target = "both-" + Guid.NewGuid().ToString("N");
        const int PerSilo = 200;

        // Each silo makes its own ids, at the same moments, and writes them through its own writer.
        var written = await Task.WhenAll(new[] { first, second }.Select(database => Task.Run(async () =>
        {
            var trail = new SqlAuditTrail(database);
            var ids = new List<string>();
            await Task.WhenAll(Enumerable.Range(0, PerSilo).Select(i =>
            {
                var intent = AuditIntent.New(DateTimeOffset.UtcNow, "import-purchases", target, $"row {i}", "done");
                lock (ids)
                {
                    ids.Add(intent.Id);
                }
                return trail.RecordAsync(intent.Record("ada"));
            }));
            return ids;
        })));

        var stored = await Trail.ReadAsync(target, 1000, Ct);
        Assert.Equal(2 * PerSilo, stored.Count);
        Assert.Equal(written.SelectMany(ids => ids).Order(StringComparer.Ordinal), stored.Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Events;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// Deferred statements in a group commit (one batch per group on PostgreSQL, at once on SQLite): a refused write fails
/// alone, statements keep the order the writes gave them, and a check comes before a later statement's error.
/// </summary>
public abstract class GroupCommitBatchContract
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    /// <summary>Whether a group's deferred statements go as one batch (PostgreSQL) rather than one by one (SQLite).</summary>
    protected abstract bool SendsOneBatchPerGroup { get; }

    private ICustomerStore Store => new SqlCustomerStore(Database);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewCustomer() => "c-" + Guid.NewGuid().ToString("N");

    private static CustomerDocument Document(int version) => new(new CustomerProfile("Batch Tester"), At, [], version);

    private static LedgerEntry Entry(long seq, long balance, string receipt) => new()
    {
        Seq = seq,
        Kind = EntryKind.Purchase,
        Points = 1,
        Amount = 10m,
        BalanceAfter = balance,
        IdempotencyKey = $"s1/{receipt}/purchase",
        StoreId = "s1",
        TerminalId = "t1",
        ReceiptId = receipt,
        OccurredAt = At,
        RecordedAt = At,
    };

    // A purchase as the till's hot path commits it: operation key, document version, ledger row, receipt and an event.
    private static CustomerCommit Purchase(string customer, int version, long seq, string receipt)
    {
        var commit = new CustomerCommit(customer, Document(version), [Entry(seq, seq, receipt)], $"s1/{receipt}/purchase", TestAnswers.Points(0))
        {
            Receipt = $"s1/t1/2026-05-04/{receipt}-{customer}",
        };
        return commit with { Events = CustomerEvents.Of(Document(version - 1), commit, At) };
    }

    private async Task<string[]> EnrolledAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => NewCustomer()).ToArray();
        await Task.WhenAll(ids.Select(id => Store.CommitAsync(new CustomerCommit(id, Document(1), [], null, null), Cancel)));
        return ids;
    }

    /// <summary>
    /// Runs <paramref name="queue"/> while the writer is held inside a write of its own, so that every write it queues
    /// is waiting when the writer is let go, and is taken into one group.
    /// </summary>
    private async Task<T> InOneGroupAsync<T>(Func<T> queue)
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var cancel = Cancel;
        var holder = Database.Writer.WriteAsync(_ =>
        {
            entered.Set();
            release.Wait(cancel);
        });
        try
        {
            entered.Wait(Cancel);
            return queue();
        }
        finally
        {
            release.Set();
            await holder;
        }
    }

    [Fact]
    public async Task A_write_refused_by_its_check_inside_a_groups_batch_fails_alone_and_the_rest_commit()
    {
        var ids = await EnrolledAsync(8);
        var repeated = ids[0];
        await Store.CommitAsync(Purchase(repeated, 2, 1, "r1"), Cancel);

        var (commits, repeat, stale) = await InOneGroupAsync(() => (
            ids.Skip(1).Select(id => Store.CommitAsync(Purchase(id, 2, 1, "r1"), Cancel)).ToList(),
            // Only a check refuses these: the operation key is done (the sequence number is free); the document is at version 2
            // already, by the purchase queued before it.
            Store.CommitAsync(new CustomerCommit(repeated, null, [Entry(2, 2, "r1b")], "s1/r1/purchase", TestAnswers.Points(0)), Cancel),
            Store.CommitAsync(new CustomerCommit(ids[2], Document(2), [], null, null), Cancel)));
        await Task.WhenAll(commits);

        await Assert.ThrowsAsync<OperationAlreadyDoneException>(() => repeat);
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => stale);
        foreach (var id in ids)
        {
            var stored = (await Store.LoadAsync(id, Cancel))!;
            Assert.Equal([1L], stored.Entries.Select(e => e.Seq));
            Assert.Equal(2, stored.Document.Version);
        }
    }

    [Fact]
    public async Task A_check_of_an_earlier_statement_comes_before_the_error_of_a_later_one()
    {
        var id = (await EnrolledAsync(1))[0];
        await Store.CommitAsync(Purchase(id, 2, 1, "r1"), Cancel);

        // A repeat of the done operation whose ledger row also collides: run one by one, the operation's check refuses it first.
        await Assert.ThrowsAsync<OperationAlreadyDoneException>(() =>
            Store.CommitAsync(new CustomerCommit(id, null, [Entry(1, 1, "r1")], "s1/r1/purchase", TestAnswers.Points(0)), Cancel));
    }

    [Fact]
    public async Task Deferred_and_direct_statements_of_a_write_run_in_the_order_it_gave_them()
    {
        var key = "order/" + Guid.NewGuid().ToString("N");
        string? seenAfterDefer = null;

        await Database.Writer.WriteAsync(writer =>
        {
            writer.Defer("INSERT INTO receipt_owners (receipt_key, customer_id) VALUES (@key, 'a')").With("key", key).Run(rows => rows == 1 ? null : new InvalidOperationException("not inserted"));
            // A direct statement sees what was deferred before it...
            seenAfterDefer = writer.Command("SELECT customer_id FROM receipt_owners WHERE receipt_key = @key").With("key", key).ExecuteScalar() as string;
            writer.Command("UPDATE receipt_owners SET customer_id = 'b' WHERE receipt_key = @key").With("key", key).ExecuteNonQuery();
            // ...and one deferred after a direct one sees what that did.
            writer.Defer("UPDATE receipt_owners SET customer_id = 'c' WHERE receipt_key = @key AND customer_id = 'b'").With("key", key)
                .Run(rows => rows == 1 ? null : new InvalidOperationException("ran before the direct update"));
        });

        Assert.Equal("a", seenAfterDefer);
        Assert.Equal("c", await Store.ReceiptOwnerAsync(key, Cancel));
    }

    [Fact]
    public async Task A_group_of_purchases_with_their_events_costs_one_round_trip_of_statements_on_postgresql()
    {
        var ids = await EnrolledAsync(6);
        var before = Database.Writer.StatementRoundTrips;

        var commits = await InOneGroupAsync(() => ids.Select(id => Store.CommitAsync(Purchase(id, 2, 1, "r1"), Cancel)).ToList());
        await Task.WhenAll(commits);

        var statements = Database.Writer.StatementRoundTrips - before;
        // SQLite runs each statement at once: operation, document, ledger row, receipt per purchase; position, events and
        // sequences for the group.
        Assert.Equal(SendsOneBatchPerGroup ? 1 : (ids.Length * 4) + 3, statements);
        foreach (var id in ids)
        {
            Assert.Equal(2, (await Store.LoadAsync(id, Cancel))!.Document.Version);
        }
    }

    [Fact]
    public async Task Groups_as_large_as_the_writer_takes_commit_in_one_batch_each()
    {
        // More than one group holds: the writer takes the first MaxBatch, then the rest.
        var ids = await EnrolledAsync(GroupCommitWriter.MaxBatch + 88);
        var before = Database.Writer.StatementRoundTrips;

        var commits = await InOneGroupAsync(() => ids.Select(id => Store.CommitAsync(Purchase(id, 2, 1, "r1"), Cancel)).ToList());
        await Task.WhenAll(commits);

        if (SendsOneBatchPerGroup)
        {
            Assert.Equal(2, Database.Writer.StatementRoundTrips - before);
        }
        foreach (var id in ids)
        {
            var stored = (await Store.LoadAsync(id, Cancel))!;
            Assert.Equal((2, 1L), (stored.Document.Version, stored.Entries.Single().Seq));
        }
    }
}

public sealed class PostgresGroupCommitBatchTests(PostgresFixture fixture) : GroupCommitBatchContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();

    protected override bool SendsOneBatchPerGroup => true;
}

public sealed class SqliteGroupCommitBatchTests(SqliteFixture fixture) : GroupCommitBatchContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;

    protected override bool SendsOneBatchPerGroup => false;
}

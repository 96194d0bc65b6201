using RetentionActors.Contracts.Customers;
using RetentionActors.Grains;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// A database written before the account snapshots step: its customers load as before (the whole ledger, every key,
/// no snapshot), and the first commit with a snapshot stores one.
/// </summary>
public sealed class AccountSnapshotMigrationTests
{
    private static string Written(string recorded) => $"""
        INSERT INTO customers (customer_id, version, display_name, enrolled_at, document)
        VALUES ('old-1', 1, 'Old One', {recorded}, '{StorageJson.Serialize(new CustomerDocument(new CustomerProfile("Old One"), DateTimeOffset.Parse("2025-03-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), [], 1))}');
        INSERT INTO ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id,
                            occurred_at, occurred_utc, recorded_utc, business_day)
        VALUES ('old-1', 1, 'Purchase', 10, 10, 10, 's1/t1/2025-03-01/r1/purchase', 's1', 't1', 'r1', '2025-03-01T09:00:00.0000000+00:00', {recorded}, {recorded}, '2025-03-01'),
               ('old-1', 2, 'Purchase', 20, 20, 30, 's1/t1/2025-03-01/r2/purchase', 's1', 't1', 'r2', '2025-03-01T10:00:00.0000000+00:00', {recorded}, {recorded}, '2025-03-01');
        INSERT INTO operations (customer_id, operation_key, result, recorded_utc) VALUES
            ('old-1', 's1/t1/2025-03-01/r1/purchase', '1', {recorded}), ('old-1', 's1/t1/2025-03-01/r2/purchase', '2', {recorded});
        """;

    [Fact]
    public Task Sqlite_customers_written_before_snapshots_load_whole_and_get_one_later() =>
        // Before the maintenance step too: it needs a function only SqliteDatabase registers, so today's code runs both.
        OlderBuildDatabases.SqliteAsync(StepsBefore(SqliteSchema.Steps, "CREATE TABLE maintenance_due"), Written("'2025-03-01T09:00:00.0000000Z'"), AssertLoadsAsync);

    [Fact]
    public Task Postgres_customers_written_before_snapshots_load_whole_and_get_one_later() =>
        OlderBuildDatabases.PostgresAsync(StepsBefore(PostgresSchema.Steps), Written("'2025-03-01T09:00:00Z'"), AssertLoadsAsync);

    // The steps before the one that creates account_snapshots, wherever it ends up once other steps are appended.
    private static int StepsBefore(IEnumerable<string> steps, string created = "CREATE TABLE account_snapshots") =>
        steps.TakeWhile(step => !step.Contains(created, StringComparison.Ordinal)).Count();

    private static async Task AssertLoadsAsync(SqlDatabase database)
    {
        ICustomerStore store = new SqlCustomerStore(database);
        var cancel = TestContext.Current.CancellationToken;

        var loaded = await store.LoadAsync("old-1", cancel);

        Assert.Null(loaded!.Snapshot);
        Assert.Null(loaded.OperationKeysSince);
        Assert.Equal([1L, 2L], loaded.Entries.Select(e => e.Seq));
        Assert.Equal(2, loaded.OperationKeys.Count);
        var account = Domain.Ledger.PointsAccount.Replay(loaded.Entries);
        Assert.Equal(30, account.Balance);

        await store.CommitAsync(new CustomerCommit("old-1", null, [], null, null) { Snapshot = account.ToSnapshot() }, cancel);
        var again = await store.LoadAsync("old-1", cancel);

        Assert.Equal(2, again!.Snapshot!.LastSeq);
        Assert.Empty(again.Entries);
        Assert.Equal(30, Domain.Ledger.PointsAccount.Restore(again.Snapshot, again.Entries, again.EarlierEntries).Balance);
    }
}

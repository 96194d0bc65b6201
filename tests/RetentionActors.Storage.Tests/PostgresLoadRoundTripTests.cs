using System.Diagnostics;
using System.Text.Json;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// A customer's activation on PostgreSQL is one batch of statements (issue 14: the first swipe of an old customer), plus
/// one more only when it must: the earlier entries of receipts its tail names, or the keys between an old snapshot and
/// the recent days. Counted as the commands Npgsql traces (each one round trip), and checked against what is loaded.
/// </summary>
public sealed class PostgresLoadRoundTripTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddDays(-1);
    private static readonly ActivitySource Test = new("RetentionActors.Tests.LoadRoundTrips");

    [Fact]
    public async Task A_customer_loaded_from_a_snapshot_with_no_tail_is_one_command()
    {
        var (store, id, account) = await CustomerWithSnapshotAsync(tail: 0);

        var (loaded, commands) = await CountedLoadAsync(store, id);

        Assert.Equal(1, commands);
        Assert.Equal(Json(account.ToSnapshot()), Json(loaded.Snapshot!));
        Assert.Empty(loaded.Entries);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => $"op-{i}").Order(), loaded.OperationKeys.Order());
    }

    [Fact]
    public async Task A_tail_that_names_receipts_adds_the_read_of_their_earlier_entries()
    {
        var (store, id, _) = await CustomerWithSnapshotAsync(tail: 3);

        var (loaded, commands) = await CountedLoadAsync(store, id);

        Assert.Equal(2, commands);
        Assert.Equal(3, loaded.Entries.Count);
        Assert.Equal(loaded.Snapshot!.LastSeq + 1, loaded.Entries[0].Seq);
    }

    [Fact]
    public async Task A_snapshot_older_than_the_recent_days_adds_the_read_of_the_keys_since_it()
    {
        var (store, id, _) = await CustomerWithSnapshotAsync(tail: 0);
        // The snapshot and half the keys as if written 60 days ago, the other half 50 days ago: all since the snapshot.
        await ExecuteAsync("UPDATE account_snapshots SET recorded_utc = now() - interval '60 days' WHERE customer_id = @id", id);
        await ExecuteAsync("UPDATE operations SET recorded_utc = now() - interval '50 days' WHERE customer_id = @id AND operation_key < 'op-4'", id);
        await ExecuteAsync("UPDATE operations SET recorded_utc = now() - interval '60 days' WHERE customer_id = @id AND operation_key >= 'op-4'", id);

        var (loaded, commands) = await CountedLoadAsync(store, id);

        Assert.Equal(2, commands);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => $"op-{i}").Order(), loaded.OperationKeys.Order());
        Assert.True(loaded.OperationKeysSince < DateTimeOffset.UtcNow.AddDays(-59));
    }

    private async Task<(ICustomerStore Store, string Id, PointsAccount Account)> CustomerWithSnapshotAsync(int tail)
    {
        ICustomerStore store = new SqlCustomerStore(fixture.Require());
        var id = "trips-" + Guid.NewGuid().ToString("N");
        var cancel = TestContext.Current.CancellationToken;
        await store.CommitAsync(new CustomerCommit(id, new CustomerDocument(new CustomerProfile("Round Trip"), At, [], 1), [], null, null), cancel);
        var account = new PointsAccount();
        for (var i = 0; i < 80 + tail; i++)
        {
            var decision = account.Earn(new TillReference("s1", "t1", $"R{i}", "nfc:04A1B2C3", At.AddMinutes(i)), 10m + i, 10 + i, At);
            foreach (var entry in decision.Entries)
            {
                account.Apply(entry);
            }
            await store.CommitAsync(new CustomerCommit(id, null, decision.Entries, $"op-{i}", TestAnswers.Points(1)) { Snapshot = i == 79 ? account.ToSnapshot() : null }, cancel);
        }
        return (store, id, account);
    }

    private static async Task<(StoredCustomer Loaded, int Commands)> CountedLoadAsync(ICustomerStore store, string id)
    {
        var commands = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" || source == Test,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // Only commands of this load: other tests run at the same time. Npgsql also traces opening a physical
            // connection (CONNECT) when the pool has none idle, which depends on the tests before, not on the load.
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.Parent?.Source == Test && !IsConnect(activity))
                {
                    Interlocked.Increment(ref commands);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        StoredCustomer? loaded;
        using (Test.StartActivity("load"))
        {
            loaded = await store.LoadAsync(id, TestContext.Current.CancellationToken);
        }
        Assert.NotNull(loaded);
        return (loaded, commands);
    }

    private static bool IsConnect(Activity activity) =>
        ((activity.GetTagItem("db.query.text") as string) ?? activity.DisplayName).StartsWith("CONNECT", StringComparison.Ordinal);

    private async Task ExecuteAsync(string sql, string id)
    {
        await using var connection = fixture.Require().OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.With("id", id);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static string Json(AccountSnapshot snapshot) =>
        System.Text.RegularExpressions.Regex.Replace(JsonSerializer.Serialize(snapshot), @"(\.\d*?)0+(?=[,}\]])", "$1").Replace(".,", ",").Replace(".}", "}").Replace(".]", "]");
}

using System.Text.Json;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>What every store does with account snapshots (issue 14), run per engine.</summary>
public abstract class AccountSnapshotStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 30, 15, TimeSpan.FromHours(2));

    protected abstract ICustomerStore Store { get; }

    protected abstract Sql.SqlDatabase Database { get; }

    private static TillReference Till(string receipt, int minute) => new("s1", "t1", receipt, "nfc:04A1B2C3", At.AddMinutes(minute));

    [Fact]
    public async Task A_snapshot_goes_with_its_commit_and_a_load_reads_it_and_only_the_entries_after_it()
    {
        var cancel = TestContext.Current.CancellationToken;
        var id = await EnrolledAsync();
        var account = new PointsAccount();
        AccountSnapshot? snapshot = null;
        for (var i = 0; i < 12; i++)
        {
            var decision = i == 7 ? account.Redeem(Till("R0", i), 15, 1.5m, At) : account.Earn(Till($"R{i}", i), 10m + i, 10 + i, At);
            foreach (var entry in decision.Entries)
            {
                account.Apply(entry);
            }
            // As the grain does: the snapshot in the commit of the entries it covers (here after the tenth operation).
            snapshot = i == 9 ? account.ToSnapshot() : snapshot;
            await Store.CommitAsync(new CustomerCommit(id, null, decision.Entries, $"op-{i}", TestAnswers.Points(1)) { Snapshot = i == 9 ? snapshot : null }, cancel);
        }

        var loaded = await Store.LoadAsync(id, cancel);

        Assert.NotNull(loaded?.Snapshot);
        Assert.Equal(JsonSerializer.Serialize(snapshot), JsonSerializer.Serialize(loaded.Snapshot));
        Assert.Equal([snapshot!.LastSeq + 1, snapshot.LastSeq + 2], loaded.Entries.Select(e => e.Seq));
        // The tail names R10 and R11 only, which have nothing earlier; R0's redemption (seq 8) is in the snapshot.
        Assert.Empty(loaded.EarlierEntries);
        Assert.NotNull(loaded.OperationKeysSince);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"op-{i}").Order(), loaded.OperationKeys.Order());
        var restored = PointsAccount.Restore(loaded.Snapshot, loaded.Entries, loaded.EarlierEntries);
        Assert.Equal(Json(account.ToSnapshot()), Json(restored.ToSnapshot()));
    }

    [Fact]
    public async Task A_snapshot_is_written_compressed_and_one_stored_as_json_by_an_older_build_still_loads()
    {
        var cancel = TestContext.Current.CancellationToken;
        var id = await EnrolledAsync();
        var account = new PointsAccount();
        for (var i = 0; i < 200; i++)
        {
            foreach (var entry in account.Earn(Till($"R{i}", i), 10m + i, 10 + i, At).Entries)
            {
                account.Apply(entry);
            }
        }
        var snapshot = account.ToSnapshot();
        await Store.CommitAsync(new CustomerCommit(id, null, [], null, null) { Snapshot = snapshot }, cancel);
        var json = Sql.Snapshots.StoredAccountSnapshot.From(snapshot).SerializeAsJson();
        var (format, length) = await StoredRowAsync(id);
        Assert.Equal(Sql.Snapshots.StoredAccountSnapshot.CompressedJsonFormat, format);
        Assert.InRange(length, 1, json.Length / 4);
        Assert.Equal(JsonSerializer.Serialize(snapshot), JsonSerializer.Serialize((await Store.LoadAsync(id, cancel))!.Snapshot));

        // The row as a build before format 2 wrote it.
        await ExecuteAsync("UPDATE account_snapshots SET format = 1, snapshot = @json WHERE customer_id = @id", id, json);

        Assert.Equal(JsonSerializer.Serialize(snapshot), JsonSerializer.Serialize((await Store.LoadAsync(id, cancel))!.Snapshot));
    }

    [Fact]
    public async Task A_snapshot_covering_less_than_the_stored_one_leaves_the_stored_one()
    {
        var cancel = TestContext.Current.CancellationToken;
        var id = await EnrolledAsync();
        var account = new PointsAccount();
        var snapshots = new List<AccountSnapshot>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var entry in account.Earn(Till($"R{i}", i), 10m, 10, At).Entries)
            {
                account.Apply(entry);
            }
            snapshots.Add(account.ToSnapshot());
        }

        await Store.CommitAsync(new CustomerCommit(id, null, [], null, null) { Snapshot = snapshots[2] }, cancel);
        await Store.CommitAsync(new CustomerCommit(id, null, [], null, null) { Snapshot = snapshots[1] }, cancel);

        Assert.Equal(snapshots[2].LastSeq, (await Store.LoadAsync(id, cancel))!.Snapshot!.LastSeq);
    }

    // A customer of their own for each test, enrolled, with no ledger yet.
    private async Task<string> EnrolledAsync()
    {
        var id = "snap-" + Guid.NewGuid().ToString("N");
        await Store.CommitAsync(new CustomerCommit(id, new CustomerDocument(new CustomerProfile("Snap Shot"), At, [], 1), [], null, null), TestContext.Current.CancellationToken);
        return id;
    }

    private async Task<(int Format, int Length)> StoredRowAsync(string id)
    {
        await using var connection = Database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT format, length(snapshot) FROM account_snapshots WHERE customer_id = @id";
        query.With("id", id);
        await using var row = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await row.ReadAsync(TestContext.Current.CancellationToken));
        return (Convert.ToInt32(row.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt32(row.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task ExecuteAsync(string sql, string id, string json)
    {
        await using var connection = Database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.With("id", id).With("json", json);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }

    // Amounts read back from a numeric(19, 4) column carry four decimals: equal values, other text.
    private static string Json(AccountSnapshot snapshot) =>
        System.Text.RegularExpressions.Regex.Replace(JsonSerializer.Serialize(snapshot), @"(\.\d*?)0+(?=[,}\]])", "$1").Replace(".,", ",").Replace(".}", "}").Replace(".]", "]");

    [Fact]
    public async Task A_load_reads_the_earlier_entries_of_a_receipt_the_tail_names_and_a_done_key_refuses_its_commit()
    {
        var cancel = TestContext.Current.CancellationToken;
        var id = await EnrolledAsync();
        var account = new PointsAccount();
        var ledger = new List<LedgerEntry>();
        async Task CommitAsync(Decision decision, string key, bool snapshot = false)
        {
            foreach (var entry in decision.Entries)
            {
                account.Apply(entry);
                ledger.Add(entry);
            }
            await Store.CommitAsync(new CustomerCommit(id, null, decision.Entries, key, TestAnswers.Points(1)) { Snapshot = snapshot ? account.ToSnapshot() : null }, cancel);
        }
        for (var i = 0; i <= PointsAccount.ReceiptsHeld + 1; i++)
        {
            await CommitAsync(account.Earn(Till($"R{i}", i), 10m, 10, At), $"op-{i}", snapshot: i == PointsAccount.ReceiptsHeld + 1);
        }
        var original = new OriginalReceipt("s1", "R0", "t1", DateOnly.FromDateTime(At.DateTime));
        account.Recall(ledger, original);
        await CommitAsync(account.Refund(Till("B1", 30), 5m, original, At), "op-return");

        var loaded = await Store.LoadAsync(id, cancel);

        Assert.Equal([1L], loaded!.EarlierEntries.Select(e => e.Seq));
        Assert.Equal(account.Balance, PointsAccount.Restore(loaded.Snapshot!, loaded.Entries, loaded.EarlierEntries).Balance);
        await Assert.ThrowsAsync<OperationAlreadyDoneException>(() =>
            Store.CommitAsync(new CustomerCommit(id, null, account.Earn(Till("R0", 0), 10m, 10, At).Entries, "op-0", TestAnswers.Points(2)), cancel));
        Assert.Equal(ledger.Count, (await Store.LoadAsync(id, cancel))!.Snapshot!.LastSeq + (await Store.LoadAsync(id, cancel))!.Entries.Count);
        Assert.Equal(TestAnswers.Points(1), await Store.ReadOperationAnswerAsync(id, "op-0", AnswerKind.Adjustment, cancel));
    }
}

public sealed class SqliteAccountSnapshotTests(SqliteFixture fixture) : AccountSnapshotStoreContract, IClassFixture<SqliteFixture>
{
    protected override ICustomerStore Store { get; } = new Sql.SqlCustomerStore(fixture.Database);

    protected override Sql.SqlDatabase Database => fixture.Database;
}

public sealed class PostgresAccountSnapshotTests(PostgresFixture fixture) : AccountSnapshotStoreContract, IClassFixture<PostgresFixture>
{
    protected override ICustomerStore Store => new Sql.SqlCustomerStore(fixture.Require());

    protected override Sql.SqlDatabase Database => fixture.Require();
}

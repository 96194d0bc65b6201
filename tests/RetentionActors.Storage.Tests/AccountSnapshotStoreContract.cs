using System.Text.Json;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Storage.Tests;

/// <summary>What every store does with account snapshots (issue 14), run per engine.</summary>
public abstract class AccountSnapshotStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 30, 15, TimeSpan.FromHours(2));

    protected abstract ICustomerStore Store { get; }

    private static TillReference Till(string receipt, int minute) => new("s1", "t1", receipt, "nfc:04A1B2C3", At.AddMinutes(minute));

    [Fact]
    public async Task A_snapshot_goes_with_its_commit_and_a_load_reads_it_and_only_the_entries_after_it()
    {
        var id = "snap-" + Guid.NewGuid().ToString("N");
        var cancel = TestContext.Current.CancellationToken;
        await Store.CommitAsync(new CustomerCommit(id, new CustomerDocument(new CustomerProfile("Snap Shot"), At, [], 1), [], null, null), cancel);
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
            await Store.CommitAsync(new CustomerCommit(id, null, decision.Entries, $"op-{i}", "1") { Snapshot = i == 9 ? snapshot : null }, cancel);
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

    // Amounts read back from a numeric(19, 4) column carry four decimals: equal values, other text.
    private static string Json(AccountSnapshot snapshot) =>
        System.Text.RegularExpressions.Regex.Replace(JsonSerializer.Serialize(snapshot), @"(\.\d*?)0+(?=[,}\]])", "$1").Replace(".,", ",").Replace(".}", "}").Replace(".]", "]");

    [Fact]
    public async Task A_load_reads_the_earlier_entries_of_a_receipt_the_tail_names_and_a_done_key_refuses_its_commit()
    {
        var id = "snap-" + Guid.NewGuid().ToString("N");
        var cancel = TestContext.Current.CancellationToken;
        await Store.CommitAsync(new CustomerCommit(id, new CustomerDocument(new CustomerProfile("Snap Shot"), At, [], 1), [], null, null), cancel);
        var account = new PointsAccount();
        var ledger = new List<LedgerEntry>();
        async Task CommitAsync(Decision decision, string key, bool snapshot = false)
        {
            foreach (var entry in decision.Entries)
            {
                account.Apply(entry);
                ledger.Add(entry);
            }
            await Store.CommitAsync(new CustomerCommit(id, null, decision.Entries, key, "1") { Snapshot = snapshot ? account.ToSnapshot() : null }, cancel);
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
            Store.CommitAsync(new CustomerCommit(id, null, account.Earn(Till("R0", 0), 10m, 10, At).Entries, "op-0", "2"), cancel));
        Assert.Equal(ledger.Count, (await Store.LoadAsync(id, cancel))!.Snapshot!.LastSeq + (await Store.LoadAsync(id, cancel))!.Entries.Count);
        Assert.Equal("1", await Store.ReadOperationResultAsync(id, "op-0", cancel));
    }
}

public sealed class SqliteAccountSnapshotTests(SqliteFixture fixture) : AccountSnapshotStoreContract, IClassFixture<SqliteFixture>
{
    protected override ICustomerStore Store { get; } = new Sql.SqlCustomerStore(fixture.Database);
}

public sealed class PostgresAccountSnapshotTests(PostgresFixture fixture) : AccountSnapshotStoreContract, IClassFixture<PostgresFixture>
{
    protected override ICustomerStore Store => new Sql.SqlCustomerStore(fixture.Require());
}

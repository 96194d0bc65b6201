using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Uplift;

namespace RetentionActors.Storage.Tests;

/// <summary>Holdout assignments: the first record stands, a customer commit carries them, and the measurement counts only purchases after them.</summary>
public abstract class HoldoutStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    private static LedgerEntry Purchase(long seq, DateTimeOffset at, decimal amount) => new()
    {
        Seq = seq, Kind = EntryKind.Purchase, Points = 1, Amount = amount, BalanceAfter = seq, IdempotencyKey = $"s1/r{seq}/purchase",
        StoreId = "s1", TerminalId = "t1", ReceiptId = "r" + seq, OccurredAt = at, RecordedAt = at,
    };

    [Fact]
    public async Task The_first_assignment_stands_and_only_purchases_after_it_count()
    {
        var ct = TestContext.Current.CancellationToken;
        var action = "campaign:" + Guid.NewGuid().ToString("N");
        var store = new SqlCustomerStore(Database);
        var holdouts = new SqlHoldouts(Database);
        var treated = "t-" + Guid.NewGuid().ToString("N");
        var heldOut = "h-" + Guid.NewGuid().ToString("N");
        var document = new CustomerDocument(new CustomerProfile("Holdout Tester"), T0, [], 1);

        // The purchase that reached the customer carries the assignment; a later commit naming another group changes nothing.
        await store.CommitAsync([new CustomerCommit(treated, document, [Purchase(1, T0, 10m)], null, null) { Assignments = [new(action, false, T0)] }], ct);
        await store.CommitAsync([new CustomerCommit(treated, null, [Purchase(2, T0.AddDays(3), 30m)], null, null) { Assignments = [new(action, true, T0.AddDays(3))] }], ct);
        await store.CommitAsync([new CustomerCommit(heldOut, document, [Purchase(1, T0.AddDays(1), 99m)], null, null)], ct);

        Assert.True((await holdouts.AssignAsync(heldOut, new HoldoutAssignment(action, true, T0.AddDays(2)), ct)).HeldOut);
        var again = await holdouts.AssignAsync(heldOut, new HoldoutAssignment(action, false, T0.AddDays(5)), ct);
        Assert.Equal((true, T0.AddDays(2)), (again.HeldOut, again.AssignedAt));
        await holdouts.RecordGrantedAsync(action, heldOut, 5m); // held out: nothing given, nothing recorded

        var measured = await holdouts.MeasureAsync(action, T0.AddDays(10), bonusReason: null, ct);
        // Treated: the purchase at T0 is the one that assigned them, not a return; the one 3 days later is.
        Assert.Equal((1L, 1L, 1.0, 30.0), (measured.Treated.Customers, measured.Treated.Returned, measured.Treated.Purchases.Sum, measured.Treated.Spend.Sum));
        // Held out: their only purchase was before they were assigned.
        Assert.Equal((1L, 0L, 0.0), (measured.HeldOut.Customers, measured.HeldOut.Returned, measured.HeldOut.Spend.Sum));
        Assert.Equal(0m, measured.Granted);
        Assert.Equal(T0, measured.FirstAssigned);

        // A window that ends before the return sees none.
        Assert.Equal(0, (await holdouts.MeasureAsync(action, T0.AddDays(2), null, ct)).Treated.Returned);
    }
}

public sealed class SqliteHoldoutStoreTests(SqliteFixture fixture) : HoldoutStoreContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresHoldoutStoreTests(PostgresFixture fixture) : HoldoutStoreContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}

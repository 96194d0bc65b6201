using Microsoft.Data.Sqlite;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

public sealed class PurchaseOutboxTests
{
    private static readonly DateTimeOffset RungUp = new(2026, 11, 25, 9, 30, 15, 123, TimeSpan.FromHours(1));

    [Fact]
    public void Queued_purchases_survive_reopening_with_their_identity_lines_and_original_time_in_order()
    {
        var path = Desks.NewOutboxPath();
        var first = new PurchaseOutbox(path);
        first.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-1", RungUp, 12.3456m, [new PurchaseLine("tea", "drinks", 2, 5m)]), RungUp);
        first.Enqueue("bar:4006381333931", new Purchase("store-1", "till-1", "r-2", RungUp.AddMinutes(1), 7m), RungUp);

        var pending = new PurchaseOutbox(path).Pending();

        Assert.Equal(["r-1", "r-2"], pending.Select(p => p.Purchase.ReceiptId));
        Assert.Equal("mag:6001234567890", pending[0].CardId);
        Assert.Equal(RungUp, pending[0].Purchase.OccurredAt);
        Assert.Equal(12.3456m, pending[0].Purchase.Amount);
        Assert.Equal(new PurchaseLine("tea", "drinks", 2, 5m), Assert.Single(pending[0].Purchase.Lines!));
        Assert.Null(pending[1].Purchase.Lines);
    }

    [Fact]
    public void A_purchase_queued_on_a_pooled_connection_left_inside_a_transaction_is_still_durable()
    {
        var path = Desks.NewOutboxPath();
        var outbox = new PurchaseOutbox(path);
        // The outbox's own pool: a connection goes back to it inside a transaction the driver does not know of.
        using (var stray = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString()))
        {
            stray.Open();
            using var begin = stray.CreateCommand();
            begin.CommandText = "BEGIN;";
            begin.ExecuteNonQuery();
        }

        outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-1", RungUp, 10m), RungUp);

        // Read by a connection of its own, outside the pool: only what was committed.
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        reader.Open();
        using var count = reader.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM outbox";
        Assert.Equal(1L, count.ExecuteScalar());
    }

    [Fact]
    public void The_same_store_till_business_day_and_receipt_queued_twice_is_one_entry()
    {
        var outbox = new PurchaseOutbox(Desks.NewOutboxPath());

        var first = outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-1", RungUp, 10m), RungUp);
        var again = outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-1", RungUp.AddMinutes(5), 10m), RungUp);
        var otherStore = outbox.Enqueue("mag:6001234567890", new Purchase("store-2", "till-1", "r-1", RungUp, 10m), RungUp);
        var otherTill = outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-2", "r-1", RungUp, 10m), RungUp);
        var nextDay = outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-1", RungUp.AddDays(1), 10m), RungUp);
        var namedDay = outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-1", RungUp.AddDays(1), 10m) { BusinessDay = new DateOnly(2026, 11, 25) }, RungUp);

        Assert.Equal(first, again);
        Assert.Equal(first, namedDay); // the day the first one's till time showed
        Assert.Equal(4, new[] { first, otherStore, otherTill, nextDay }.Distinct().Count());
        Assert.Equal(4, outbox.Count());
        Assert.Equal(new DateOnly(2026, 11, 26), outbox.Pending().Single(p => p.Sequence == nextDay).Purchase.BusinessDay);
    }

    [Fact]
    public void Removing_an_answered_entry_leaves_the_rest()
    {
        var outbox = new PurchaseOutbox(Desks.NewOutboxPath());
        var first = outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-1", RungUp, 10m), RungUp);
        outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-2", RungUp, 10m), RungUp);

        outbox.Delete(first, OutboxRemoval.Accrued);

        Assert.Equal("r-2", Assert.Single(outbox.Pending()).Purchase.ReceiptId);
    }

    [Fact]
    public void The_write_ahead_log_stays_between_operations()
    {
        // Opening and closing the file around every operation made each close checkpoint and delete the log, and an
        // operation opening the file meanwhile waited 150 ms for it: a till stalled every few seconds in the soak.
        var path = Desks.NewOutboxPath();
        var outbox = new PurchaseOutbox(path);

        var sequence = outbox.Enqueue("mag:6001234567890", new Purchase("store-1", "till-1", "r-1", RungUp, 10m), RungUp);
        outbox.Delete(sequence, OutboxRemoval.Accrued);

        Assert.True(File.Exists(path + "-wal"), "the outbox's connection was closed after the operation, taking its log with it");
        Assert.Equal(0, outbox.Count());
    }
}

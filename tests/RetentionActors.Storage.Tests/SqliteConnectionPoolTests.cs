using Microsoft.Data.Sqlite;
using SQLitePCL;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// What the embedded store's pooled read connections may carry from one use to the next: no transaction. A CI soak once
/// failed with "cannot start a transaction within a transaction".
/// </summary>
public sealed class SqliteConnectionPoolTests : IAsyncLifetime
{
    private readonly SqliteFixture _store = new();

    public ValueTask InitializeAsync() => _store.InitializeAsync();

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task A_read_connection_returned_inside_a_transaction_is_rolled_back_before_the_next_read()
    {
        var database = _store.Database;
        var stray = 0;
        database.StrayTransactionEnded += () => Interlocked.Increment(ref stray);
        // A transaction the driver does not know about: the connection goes back to the pool with it open.
        await using (var connection = (SqliteConnection)database.OpenRead())
        {
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN;";
            await begin.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var customers = await database.ReadAsync(async connection =>
        {
            await using var snapshot = database.BeginSnapshot(connection);
            await using var count = connection.CreateCommand();
            count.Transaction = snapshot;
            count.CommandText = "SELECT COUNT(*) FROM customers";
            return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        });

        Assert.Equal(0, customers);
        Assert.Equal(1, stray);
    }

    [Fact]
    public async Task The_writer_rolls_back_a_transaction_left_open_on_its_connection_and_writes_on()
    {
        var database = _store.Database;
        var stray = 0;
        database.StrayTransactionEnded += () => Interlocked.Increment(ref stray);
        // Behind the driver's back (as SQLite does on its own after a full disk or an I/O error) its transaction ends and
        // another begins; the driver, told of a rollback it did not make, fails the write and leaves the second one open.
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => database.Writer.WriteAsync(writer =>
        {
            var connection = (SqliteConnection)writer.Command("SELECT 1").Connection!;
            Assert.Equal(raw.SQLITE_OK, raw.sqlite3_exec(connection.Handle, "ROLLBACK; BEGIN;"));
        }));

        await database.Writer.WriteAsync(writer => writer.Command("DELETE FROM customers WHERE customer_id = 'nobody'").ExecuteNonQuery());

        Assert.Equal(1, stray);
    }
}

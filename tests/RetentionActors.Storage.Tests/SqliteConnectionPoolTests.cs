using Microsoft.Data.Sqlite;
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
}

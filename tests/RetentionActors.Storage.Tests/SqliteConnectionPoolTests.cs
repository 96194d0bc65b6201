using Microsoft.Data.Sqlite;
using SQLitePCL;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// What the embedded store's pooled read connections may carry from one use to the next: no transaction, and no second
/// owner. A CI soak once failed with "cannot start a transaction within a transaction", and so did a bench run's seeding
/// on 2026-12-06: two reads opened at once were lent the same native connection.
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

    [Fact]
    public async Task Reads_opened_at_once_never_share_one_native_connection()
    {
        // Microsoft.Data.Sqlite's pool marks a connection it lends as active a moment before it records the owner; an open
        // that finds the pool empty meanwhile takes it for leaked, reclaims it and lends it again (dotnet/efcore#39008).
        // The pool is empty after each clear, so every wave of opens races for new connections. Without a guard this failed
        // within the first 100 waves in each of five runs (about a second).
        const int Opens = 16;
        var database = _store.Database;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        SqliteConnection? lastWave = null;
        for (var wave = 0; wave < 1_000 && DateTime.UtcNow < deadline; wave++)
        {
            // This database's pool only: other test classes open their own meanwhile.
            if (lastWave is not null)
            {
                SqliteConnection.ClearPool(lastWave);
            }
            var opened = new SqliteConnection?[Opens];
            var failures = new Exception?[Opens];
            using var start = new Barrier(Opens);
            var threads = Enumerable.Range(0, Opens).Select(i => new Thread(() =>
            {
                try
                {
                    if (!start.SignalAndWait(TimeSpan.FromSeconds(30)))
                    {
                        throw new TimeoutException("The other opens of the wave did not start.");
                    }
                    opened[i] = (SqliteConnection)database.OpenRead();
                }
                catch (Exception e)
                {
                    failures[i] = e;
                }
            }) { IsBackground = true }).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            try
            {
                var failure = failures.FirstOrDefault(f => f is not null);
                Assert.True(failure is null, $"Wave {wave}: {failure}");
                var shared = opened.GroupBy(c => c!.Handle!.DangerousGetHandle()).Count(g => g.Count() > 1);
                Assert.True(shared == 0, $"Wave {wave}: {shared} native connection(s) lent to more than one open read.");
            }
            finally
            {
                lastWave = opened.FirstOrDefault(c => c is not null) ?? lastWave;
                foreach (var connection in opened.OfType<SqliteConnection>())
                {
                    await connection.DisposeAsync();
                }
            }
        }
    }
}

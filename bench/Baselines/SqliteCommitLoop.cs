using Microsoft.Data.Sqlite;
using RetentionActors.Bench.Load;

namespace RetentionActors.Bench.Baselines;

/// <summary>
/// The embedded store's ceiling without batching: one row inserted and committed per transaction on a
/// WAL database with synchronous=FULL (the same settings as <c>SqliteDatabase</c>), one writer.
/// </summary>
public static class SqliteCommitLoop
{
    public static async Task<LoadResult> RunAsync(LoadRunner runner, string folder, TimeSpan warmup, TimeSpan duration)
    {
        Directory.CreateDirectory(folder);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "commit-loop.db")};Pooling=False");
        connection.Open();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE ledger (seq INTEGER PRIMARY KEY, customer_id TEXT NOT NULL, points INTEGER NOT NULL, receipt TEXT NOT NULL UNIQUE);";
            setup.ExecuteNonQuery();
        }
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO ledger (customer_id, points, receipt) VALUES ($customer, $points, $receipt)";
        var customer = insert.Parameters.Add("$customer", SqliteType.Text);
        var points = insert.Parameters.Add("$points", SqliteType.Integer);
        var receipt = insert.Parameters.Add("$receipt", SqliteType.Text);

        // One writer: SQLite serialises writers anyway, so more threads would only queue on its lock.
        return await runner.RunAsync("sqlite insert-per-commit", 1, warmup, duration, terminal =>
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            customer.Value = $"c{terminal.Random.Next(1_000_000):D7}";
            points.Value = terminal.Random.Next(1, 60);
            receipt.Value = $"r{terminal.Sequence}";
            insert.ExecuteNonQuery();
            transaction.Commit();
            return Task.FromResult(true);
        });
    }
}

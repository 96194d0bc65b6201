using Npgsql;

namespace RetentionActors.Tests.Shared;

/// <summary>Cuts a database's connections from the server side, as an idle-session kill or a failover does.</summary>
public static class PostgresBackends
{
    /// <summary>
    /// Terminates every other backend of the connection string's database (never another database's) and waits
    /// until they are gone, so the next statement on any of their client connections meets a dead connection.
    /// </summary>
    public static async Task<int> KillAllAsync(string connectionString)
    {
        // Pooling off: this connection must not be handed back later as a live one of the code under test.
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var killed = new List<int>();
        await using (var kill = new NpgsqlCommand(
            "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection))
        await using (var reader = await kill.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            // In the select list, not the WHERE clause: PostgreSQL may evaluate a cheap WHERE function before the
            // pid filter, and would then terminate this connection too.
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                killed.Add(reader.GetInt32(0));
            }
        }
        await using var alive = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(@pids)", connection);
        alive.Parameters.AddWithValue("pids", killed.ToArray());
        await Eventually.Until(async () => (long)(await alive.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, left => left == 0,
            $"the {killed.Count} terminated backends to exit", TimeSpan.FromSeconds(30));
        return killed.Count;
    }
}

using Npgsql;

namespace RetentionActors.Bench.Postgres;

/// <summary>
/// PostgreSQL's own count of committed transactions (of one database) and WAL fsyncs (of the server),
/// read before and after a run: operations per commit and per fsync show how much group commit batched.
/// The statistics are flushed by backends about once a second, so a reading waits that long first.
/// </summary>
public sealed record CommitCounters(long Commits, long WalSyncs)
{
    public static async Task<CommitCounters> ReadAsync(string connectionString)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), (SELECT wal_sync FROM pg_stat_wal)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new CommitCounters(reader.GetInt64(0), reader.GetInt64(1));
    }

    public string Describe(CommitCounters after, long operations) =>
        FormattableString.Invariant($"{after.Commits - Commits:N0} commits and {after.WalSyncs - WalSyncs:N0} WAL fsyncs for {operations:N0} operations: {operations / (double)Math.Max(1, after.Commits - Commits):F1} per commit, {operations / (double)Math.Max(1, after.WalSyncs - WalSyncs):F1} per fsync");
}

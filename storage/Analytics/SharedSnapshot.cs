using System.Data.Common;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The parts of one report, run at once on connections of their own that see exactly what the report's transaction sees
/// (PostgreSQL's <c>pg_export_snapshot</c> and <c>SET TRANSACTION SNAPSHOT</c>), so a report uses more than the one core
/// a query runs on. On SQLite, with one part, or when not asked to run them at once, the parts run one after the other
/// in the report's own transaction.
/// The extra connections of all reports together are capped (<see cref="ExtraConnections"/>), so reports started at once
/// wait for each other instead of emptying the pool the tills' writes also draw on; a part that fails cancels the others.
/// </summary>
internal static class SharedSnapshot
{
    /// <summary>Connections the parts of all reports in this process may hold at once, besides the reports' own.</summary>
    public const int ExtraConnections = 8;

    private static readonly SemaphoreSlim Extra = new(ExtraConnections);

    public static async Task<TResult[]> RunAsync<TPart, TResult>(SqlDatabase database, DbConnection connection, DbTransaction snapshot,
        IReadOnlyList<TPart> parts, Func<DbConnection, DbTransaction, TPart, CancellationToken, Task<TResult>> run, CancellationToken cancellationToken,
        bool atOnce = true)
    {
        if (database is not PostgresDatabase || parts.Count == 1 || !atOnce)
        {
            var results = new TResult[parts.Count];
            for (var i = 0; i < parts.Count; i++)
            {
                results[i] = await run(connection, snapshot, parts[i], cancellationToken);
            }
            return results;
        }
        string exported;
        await using (var export = connection.Command(snapshot, "SELECT pg_export_snapshot()"))
        {
            exported = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
        }
        // The id comes from the server; SET TRANSACTION SNAPSHOT takes no parameter, so anything but its form is refused.
        if (!System.Text.RegularExpressions.Regex.IsMatch(exported, "^[0-9A-Fa-f]+-[0-9A-Fa-f]+-[0-9]+$"))
        {
            throw new InvalidOperationException($"PostgreSQL exported a snapshot id of an unknown form: {exported}");
        }
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Task.WhenAll waits for every part, so none outlives the exporting transaction, which the caller keeps open.
        return await Task.WhenAll(parts.Select(part => Task.Run(async () =>
        {
            await Extra.WaitAsync(failed.Token);
            try
            {
                await using var other = database.OpenRead();
                await using var shared = database.BeginSnapshot(other);
                await using (var adopt = other.Command(shared, $"SET TRANSACTION SNAPSHOT '{exported}'"))
                {
                    await adopt.ExecuteNonQueryAsync(failed.Token);
                }
                return await run(other, shared, part, failed.Token);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
            finally
            {
                Extra.Release();
            }
        }, failed.Token)));
    }
}

using System.Data.Common;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The parts of one report, run at once on connections of their own that see exactly what the report's transaction sees
/// (PostgreSQL's <c>pg_export_snapshot</c> and <c>SET TRANSACTION SNAPSHOT</c>), so a report uses more than the one core
/// a query runs on. On SQLite, or with one part, the parts run one after the other in the report's own transaction.
/// </summary>
internal static class SharedSnapshot
{
    public static async Task<TResult[]> RunAsync<TPart, TResult>(SqlDatabase database, DbConnection connection, DbTransaction snapshot,
        IReadOnlyList<TPart> parts, Func<DbConnection, DbTransaction, TPart, Task<TResult>> run, CancellationToken cancellationToken)
    {
        if (database is not PostgresDatabase || parts.Count == 1)
        {
            var results = new TResult[parts.Count];
            for (var i = 0; i < parts.Count; i++)
            {
                results[i] = await run(connection, snapshot, parts[i]);
            }
            return results;
        }
        string exported;
        await using (var export = Command(connection, snapshot, "SELECT pg_export_snapshot()"))
        {
            exported = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
        }
        return await Task.WhenAll(parts.Select(part => Task.Run(async () =>
        {
            await using var other = database.OpenRead();
            await using var shared = database.BeginSnapshot(other);
            // The id comes from the server; SET TRANSACTION SNAPSHOT takes no parameter.
            await using (var adopt = Command(other, shared, $"SET TRANSACTION SNAPSHOT '{exported.Replace("'", "", StringComparison.Ordinal)}'"))
            {
                await adopt.ExecuteNonQueryAsync(cancellationToken);
            }
            return await run(other, shared, part);
        }, cancellationToken)));
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}

using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using RetentionActors.Storage.Hosting;

namespace RetentionActors.Bench.Cluster;

/// <summary>
/// Every row of every table of our schema in a store, embedded (SQLite) or PostgreSQL, as sorted text, with what
/// depends on when it ran masked: times and dates (a history bought through the grains now is laid out over years in
/// bulk) and ids made of the time (UUIDv7 event ids). Left out: what the silo makes at its start, not the seeding (the
/// cluster secret and the maintenance sweeps' reminders; on PostgreSQL also the schema version and Orleans' own tables).
/// The seed equivalence checks compare a store seeded through the grains with one seeded in bulk this way.
/// </summary>
public static partial class StoreRows
{
    /// <summary>The rows of the embedded store in <paramref name="dataFolder"/>.</summary>
    public static Task<List<string>> SqliteAsync(string dataFolder) =>
        ReadAsync(new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, SqliteStorageExtensions.DatabaseFileName), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString()), "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'cluster_secret' ORDER BY name");

    /// <summary>The rows of the PostgreSQL database <paramref name="connectionString"/> names.</summary>
    public static Task<List<string>> PostgresAsync(string connectionString) =>
        ReadAsync(new NpgsqlConnection(connectionString),
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'orleans%' AND table_name NOT IN ('schema_version', 'cluster_secret') ORDER BY table_name");

    /// <summary>The first rows (up to 10) only one side has, named by side; null when both have the same rows.</summary>
    public static string? FirstDifference(List<string> throughGrains, List<string> bulk)
    {
        var missing = throughGrains.Except(bulk).Take(10).ToList();
        var extra = bulk.Except(throughGrains).Take(10).ToList();
        return missing.Count > 0 || extra.Count > 0
            ? $"through the grains only: [{string.Join(" | ", missing)}]; bulk only: [{string.Join(" | ", extra)}]"
            : throughGrains.Count != bulk.Count ? $"{throughGrains.Count} rows through the grains, {bulk.Count} in bulk (a row repeated)" : null;
    }

    // tablesSql lists the engine's tables of ours, one name a row.
    private static async Task<List<string>> ReadAsync(DbConnection connection, string tablesSql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = tablesSql;
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }
            var rows = new List<string>();
            foreach (var table in tables)
            {
                await using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var values = Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={Text(reader.GetValue(i))}");
                    var row = Masked($"{table}: {string.Join(", ", values)}");
                    // The maintenance sweeps' reminders (embedded store) are the silo's, registered at its start.
                    if (!row.StartsWith("reminders: grain_id=maintenance-sweep/", StringComparison.Ordinal))
                    {
                        rows.Add(row);
                    }
                }
            }
            rows.Sort(StringComparer.Ordinal);
            return rows;
        }
    }

    private static string Text(object value) => value switch
    {
        DBNull => "null",
        DateTime or DateTimeOffset => "<time>",
        DateOnly => "<date>",
        byte[] bytes => Convert.ToHexString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    private static string Masked(string row) => Uuid().Replace(Date().Replace(Time().Replace(row, "<time>"), "<date>"), "<uuid>");

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex Time();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex Date();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();
}

using System.Text.RegularExpressions;
using Npgsql;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// Every row of every table of our schema in a PostgreSQL database as sorted text, with what depends on when it ran
/// masked: times and dates (a history bought through the grains now is laid out over years in bulk) and event ids
/// (UUIDv7, made of the time). The Orleans providers' tables and the cluster secret are left out: the silo makes them at
/// its start, they are not the seeding's.
/// </summary>
public static partial class PostgresRows
{
    public static async Task<List<string>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'orleans%' AND table_name NOT IN ('schema_version', 'cluster_secret') ORDER BY table_name",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT * FROM \"{table}\"", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={Text(reader.GetValue(i))}");
                rows.Add(Masked($"{table}: {string.Join(", ", values)}"));
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>The first row only one side has, named by side; null when both have the same rows.</summary>
    public static string? FirstDifference(List<string> throughGrains, List<string> bulk)
    {
        var missing = throughGrains.Except(bulk).Take(10).ToList();
        var extra = bulk.Except(throughGrains).Take(10).ToList();
        return missing.Count > 0 || extra.Count > 0
            ? $"through the grains only: [{string.Join(" | ", missing)}]; bulk only: [{string.Join(" | ", extra)}]"
            : throughGrains.Count != bulk.Count ? $"{throughGrains.Count} rows through the grains, {bulk.Count} in bulk (a row repeated)" : null;
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

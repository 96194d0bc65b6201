using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using RetentionActors.Storage.Hosting;

namespace RetentionActors.Bench.Cluster;

/// <summary>
/// Proof that the bulk seeder writes what enrolment through the grains writes: the same customers seeded both
/// ways into two stores, then every row of every table compared, times masked (they are when it ran, not what).
/// </summary>
public static partial class SeedEquivalence
{
    /// <summary>Rows of the store seeded through the grains and of the bulk-seeded one, and the first row that differs (null when none).</summary>
    public static async Task<(int ThroughGrains, int Bulk, string? FirstDifference)> CompareAsync(string scratch, int customers)
    {
        var throughGrains = Path.Combine(scratch, "seed-check-grains");
        await using (var cluster = await BenchCluster.StartAsync(Backend.Sqlite(throughGrains), "bench-seed-check"))
        {
            await Seeder.SeedAsync(cluster.Grains, customers, "seed check (grains)");
        }
        var bulk = Path.Combine(scratch, "seed-check-bulk");
        await BulkSeeder.SeedAsync(bulk, customers, "seed check (bulk)");

        var expected = Rows(throughGrains);
        var actual = Rows(bulk);
        var missing = expected.Except(actual).FirstOrDefault();
        var extra = actual.Except(expected).FirstOrDefault();
        var difference = missing is not null ? $"through the grains only: {missing}" : extra is not null ? $"bulk only: {extra}" : null;
        return (expected.Count, actual.Count, difference);
    }

    // Every table's rows as text, sorted; SQLite's own tables left out.
    private static List<string> Rows(string folder)
    {
        var path = Path.Combine(folder, SqliteStorageExtensions.DatabaseFileName);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = new List<string>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var values = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}");
                var row = Time().Replace($"{table}: {string.Join(", ", values)}", "<time>");
                // The maintenance sweeps' reminders are the silo's, registered at its start, not the seeding's.
                if (!row.StartsWith("reminders: grain_id=maintenance-sweep/", StringComparison.Ordinal))
                {
                    rows.Add(row);
                }
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex Time();
}

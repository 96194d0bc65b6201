using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// The silo's SQLite database, read-only while the silo writes it (WAL lets readers in): every row of every table,
/// found in the schema as it is, so a table a later schema step adds is watched too. Only tables that change by design
/// when a request is refused are left out, each with its reason.
/// </summary>
public sealed class SiloDatabaseState(string databaseFile) : IStateProbe
{
    /// <summary>Tables a refused request may write to, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>
    {
        // README "Audit and four eyes": a call that changed nothing (declined, refused, replayed) gets a row with its outcome too.
        ["backoffice_audit"] = "every back-office call is audited, refusals included",
        // docs/webhooks.md: each attempt at the seeded subscription (whose receiver is not there) is recorded on its row.
        ["webhook_subscriptions"] = "the delivery workers record every attempt",
        // storage/Analytics/ClosedMonthTables.cs: monthly retention and cohorts keep the counts of the months that are over,
        // which any later report would count the same from the ledger; no figure changes.
        ["monthly_retention_counts"] = "monthly retention keeps the counts it read, for the next report",
        ["cohort_counts"] = "cohorts keep the counts they read, for the next report",
        // storage/Analytics/RetentionSql.cs: retention keeps the figures of the days that are over the same way.
        ["retention_counts"] = "retention keeps the figures it read, for the next report",
    };

    public async Task<StateSnapshot> ReadAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databaseFile,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var names = await list.ExecuteReaderAsync();
            while (await names.ReadAsync())
            {
                tables.Add(names.GetString(0));
            }
        }
        var rows = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => !Excluded.ContainsKey(t)))
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var tableRows = new List<string>();
            while (await reader.ReadAsync())
            {
                tableRows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Cell(reader, i))));
            }
            rows[table] = tableRows;
        }
        return new StateSnapshot(rows);
    }

    private static string Cell(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? "NULL" : reader.GetValue(column) switch
    {
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var value => value.ToString() ?? "",
    };
}

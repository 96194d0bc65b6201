using System.Globalization;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// The audit table an older silo created at start (numeric ids, text times), with its rows, as the schema steps find it:
/// the rows are kept under their old numbers, and new rows (text ids) go next to them.
/// </summary>
public sealed class AuditMigrationTests
{
    // What the old AuditLog created and wrote: ids were ticks, times fixed-width UTC text.
    private const string OldTable = """
        CREATE TABLE IF NOT EXISTS backoffice_audit (
            id BIGINT PRIMARY KEY, at_utc TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT, outcome TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS backoffice_winback (
            campaign TEXT NOT NULL, customer_id TEXT NOT NULL, code TEXT NOT NULL, issued_utc {0} NOT NULL, PRIMARY KEY (campaign, customer_id));
        INSERT INTO backoffice_audit VALUES (638720000000000001, '2024-12-24T10:00:00.0000001Z', 'admin', 'adjust', 'old-1', '+5 points', 'done');
        INSERT INTO backoffice_audit VALUES (638720000000000002, '2024-12-24T10:00:00.0000001Z', 'admin', 'block-card', 'old-1', 'Lost', 'done');
        INSERT INTO backoffice_audit VALUES (638730000000000000, '2025-01-05T08:30:00.0000000Z', 'ada', 'gdpr-export', 'old-2', NULL, 'exported');
        """;

    private static readonly string[] OldRows =
    [
        "638730000000000000|2025-01-05T08:30:00|ada|gdpr-export|old-2|-|exported",
        "638720000000000002|2024-12-24T10:00:00|admin|block-card|old-1|Lost|done",
        "638720000000000001|2024-12-24T10:00:00|admin|adjust|old-1|+5 points|done",
    ];

    [Fact]
    public Task Sqlite_keeps_the_old_audit_rows_and_takes_new_ones() =>
        OlderBuildDatabases.SqliteAsync(5, string.Format(CultureInfo.InvariantCulture, OldTable, "TEXT")
            + "INSERT INTO backoffice_winback VALUES ('spring', 'old-2', 'CABC', '2025-01-05T08:30:00.0000000Z');", AssertMigratedAsync);

    [Fact]
    public Task Postgres_keeps_the_old_audit_rows_and_takes_new_ones() =>
        // The schema as the build before this one left it.
        OlderBuildDatabases.PostgresAsync(8, string.Format(CultureInfo.InvariantCulture, OldTable, "TIMESTAMPTZ")
            + "INSERT INTO backoffice_winback VALUES ('spring', 'old-2', 'CABC', '2025-01-05T08:30:00Z');", AssertMigratedAsync);

    [Fact]
    public async Task Postgres_without_an_audit_table_gets_an_empty_one()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        PostgresDatabase.Migrate(server.ConnectionString, 8);

        await using var database = new PostgresDatabase(server.ConnectionString);

        Assert.Empty(await new SqlAuditTrail(database).ReadAsync(null, 10, Ct));
    }

    private static async Task AssertMigratedAsync(SqlDatabase database)
    {
        var trail = new SqlAuditTrail(database);
        Assert.Equal(OldRows, (await trail.ReadAsync(null, 10, Ct)).Select(Show));

        var intent = AuditIntent.New(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "adjust", "old-1", "+1 points", "done");
        await trail.RecordAsync(intent.Record("bea"));

        Assert.Equal([$"{intent.Id}|2026-01-02T03:04:05|bea|adjust|old-1|+1 points|done", OldRows[1], OldRows[2]],
            (await trail.ReadAsync("old-1", 10, Ct)).Select(Show));
        var winback = await database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = "SELECT campaign || '/' || customer_id || '/' || code FROM backoffice_winback";
            return (string?)await query.ExecuteScalarAsync(Ct);
        });
        Assert.Equal("spring/old-2/CABC", winback);
    }

    private static string Show(AuditRecord row) =>
        string.Join('|', row.Id, row.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), row.Actor, row.Action, row.Target, row.Detail ?? "-", row.Outcome);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

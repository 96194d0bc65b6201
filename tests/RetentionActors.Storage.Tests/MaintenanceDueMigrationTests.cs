using RetentionActors.Grains.Maintenance;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// The schema step that replaces each customer's daily reminder with the maintenance sweeps: the customers' reminders
/// named <c>maintenance</c> go, every other reminder stays, and every customer gets a due row in its slot (the same slot
/// .NET computes), due once within the day after the upgrade so its first sweep stores its real due times.
/// </summary>
public sealed class MaintenanceDueMigrationTests
{
    private static readonly string[] Customers = [.. Enumerable.Range(0, 40).Select(i => $"cust-{i}"), "Zoë-ünïcode"];

    private static string CustomerRows(string enrolledAt) => "INSERT INTO customers (customer_id, version, display_name, enrolled_at, document) VALUES "
        + string.Join(", ", Customers.Select(id => $"('{id}', 1, 'x', {enrolledAt}, '{{}}')")) + ";";

    [Fact]
    public Task Sqlite_drops_the_customers_maintenance_reminders_and_gives_every_customer_a_due_row() =>
        OlderBuildDatabases.SqliteAsync(StepsBefore(SqliteSchema.Steps), CustomerRows("'2025-03-01T09:00:00.0000000Z'") + """
            INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_utc, period_ms, etag) VALUES
                ('customer/cust-1', 'maintenance', 1, '2025-03-01T09:00:00.0000000Z', 86400000, 1),
                ('customer/cust-2', 'maintenance', 2, '2025-03-01T09:00:00.0000000Z', 86400000, 1),
                ('customer/cust-1', 'other', 1, '2025-03-01T09:00:00.0000000Z', 86400000, 1),
                ('probe/cust-1', 'maintenance', 3, '2025-03-01T09:00:00.0000000Z', 86400000, 1);
            """, database => AssertMigratedAsync(database, "SELECT grain_id || ' ' || reminder_name FROM reminders ORDER BY 1"));

    [Fact]
    public Task Postgres_drops_the_customers_maintenance_reminders_and_gives_every_customer_a_due_row() =>
        OlderBuildDatabases.PostgresAsync(StepsBefore(PostgresSchema.Steps), CustomerRows("'2025-03-01T09:00:00Z'") + """
            INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version) VALUES
                ('retention', 'customer/cust-1', 'maintenance', now(), 86400000, 1, 0),
                ('retention', 'customer/cust-2', 'maintenance', now(), 86400000, 2, 0),
                ('retention', 'customer/cust-1', 'other', now(), 86400000, 1, 0),
                ('retention', 'probe/cust-1', 'maintenance', now(), 86400000, 3, 0);
            """, database => AssertMigratedAsync(database, "SELECT grainid || ' ' || remindername FROM orleansreminderstable ORDER BY 1"));

    // The steps before the one that creates maintenance_due, wherever it ends up once other steps are appended.
    private static int StepsBefore(IEnumerable<string> steps) => steps.TakeWhile(step => !step.Contains("CREATE TABLE maintenance_due", StringComparison.Ordinal)).Count();

    private static async Task AssertMigratedAsync(SqlDatabase database, string remindersLeft)
    {
        var migratedAt = DateTimeOffset.UtcNow;
        Assert.Equal(["customer/cust-1 other", "probe/cust-1 maintenance"], await database.ReadAsync(c => RowsAsync(c, remindersLeft, r => r.GetString(0))));

        var due = await database.ReadAsync(c => RowsAsync(c, "SELECT customer_id, slot, points_expire_at, tier_review_at, birthday FROM maintenance_due",
            r => (Id: r.GetString(0), Slot: Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), At: database.ReadUtc(r, 2),
                Unset: (r.IsDBNull(3), r.IsDBNull(4)))));

        Assert.Equal(Customers.Order(StringComparer.Ordinal), due.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(due, d => Assert.Equal(MaintenanceSlots.Of(d.Id), d.Slot));
        Assert.All(due, d => Assert.InRange(d.At, migratedAt.AddMinutes(-5), migratedAt.AddDays(1)));
        Assert.All(due, d => Assert.Equal((true, true), d.Unset));
    }

    private static async Task<List<T>> RowsAsync<T>(System.Data.Common.DbConnection connection, string sql, Func<System.Data.Common.DbDataReader, T> read)
    {
        await using var query = connection.CreateCommand();
        query.CommandText = sql;
        var rows = new List<T>();
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}

using System.Globalization;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// The customer totals the ledger's triggers keep equal a group-by of the ledger (<see cref="OldDefinitions.TotalsAsync"/>):
/// back-filled when a database from before the step migrates, then after purchases and refunds through the customer store,
/// rows written by plain SQL as a bulk import would, and a ledger row changed and removed.
/// </summary>
public sealed class CustomerTotalsTests
{
    // Before the step: a buyer with a refund signed negative, one with a refund signed positive and amounts that floating
    // point sums get wrong in the last bit (0.1 + 0.2), one with a refund only, one with an adjustment only, one with nothing.
    private static string Written(Func<string, string> at) => $"""
        INSERT INTO customers (customer_id, version, display_name, enrolled_at, document)
        VALUES ('a', 1, 'A', {at("2025-01-01T00:00:00")}, '{NoDocument}'), ('b', 1, 'B', {at("2025-01-01T00:00:00")}, '{NoDocument}'),
               ('c', 1, 'C', {at("2025-01-01T00:00:00")}, '{NoDocument}'), ('d', 1, 'D', {at("2025-01-01T00:00:00")}, '{NoDocument}'),
               ('e', 1, 'E', {at("2025-01-01T00:00:00")}, '{NoDocument}');
        INSERT INTO ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, occurred_at, occurred_utc, recorded_utc)
        VALUES {Row("a", 1, "Purchase", "12.5", "2025-03-01T09:00:00", at)}, {Row("a", 2, "Purchase", "7.25", "2025-02-01T09:00:00", at)},
               {Row("a", 3, "Refund", "-2.5", "2025-03-02T09:00:00", at)},
               {Row("b", 1, "Purchase", "0.1", "2025-04-01T09:00:00", at)}, {Row("b", 2, "Purchase", "0.2", "2025-04-02T09:00:00", at)},
               {Row("b", 3, "Refund", "0.05", "2025-04-03T09:00:00", at)},
               {Row("c", 1, "Refund", "3", "2025-05-01T09:00:00", at)},
               {Row("d", 1, "Adjustment", "0", "2025-05-01T09:00:00", at)};
        """;

    private const string NoDocument = "{}";

    private static string Row(string customer, int seq, string kind, string amount, string utc, Func<string, string> at) =>
        $"('{customer}', {seq}, '{kind}', 1, {amount}, {seq}, '{customer}-{seq}', '{utc}.0000000+00:00', {at(utc)}, {at(utc)})";

    [Fact]
    public Task Sqlite_totals_equal_the_ledger_grouped_after_back_fill_and_every_kind_of_write() =>
        OlderBuildDatabases.SqliteAsync(StepsBefore(SqliteSchema.Steps), Written(utc => $"'{utc}.0000000Z'"), AssertTotalsAsync);

    [Fact]
    public Task Postgres_totals_equal_the_ledger_grouped_after_back_fill_and_every_kind_of_write() =>
        OlderBuildDatabases.PostgresAsync(StepsBefore(PostgresSchema.Steps), Written(utc => $"'{utc}Z'"), AssertTotalsAsync);

    private static int StepsBefore(IEnumerable<string> steps) =>
        steps.TakeWhile(step => !step.Contains("CREATE TABLE customer_totals", StringComparison.Ordinal)).Count();

    private static async Task AssertTotalsAsync(SqlDatabase database)
    {
        var cancel = TestContext.Current.CancellationToken;
        await AssertEqualToLedgerAsync(database, expectedBuyers: 2);

        ICustomerStore store = new SqlCustomerStore(database);
        await store.CommitAsync(new CustomerCommit("a", null,
            [Entry(4, EntryKind.Purchase, 30.3333m, "2025-01-15T08:00:00Z"), Entry(5, EntryKind.Refund, 5m, "2025-06-01T08:00:00Z")], null, null), cancel);
        await store.CommitAsync(new CustomerCommit("e", null, [Entry(1, EntryKind.Purchase, 9.99m, "2025-07-01T08:00:00Z")], null, null), cancel);
        await store.CommitAsync(new CustomerCommit("c", null, [Entry(2, EntryKind.Purchase, 1m, "2025-07-02T08:00:00Z")], null, null), cancel);
        await AssertEqualToLedgerAsync(database, expectedBuyers: 4);

        await RunAsync(database, $"""
            INSERT INTO ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, occurred_at, occurred_utc, recorded_utc)
            VALUES ('d', 2, 'Purchase', 1, 100.0001, 2, 'd-2', '2024-12-31T23:00:00.0000000+00:00', @at, @at),
                   ('d', 3, 'Purchase', 1, 0.9999, 3, 'd-3', '2024-12-31T23:00:00.0000000+00:00', @at, @at)
            """, database.Utc(DateTimeOffset.Parse("2024-12-31T23:00:00Z", CultureInfo.InvariantCulture)));
        await AssertEqualToLedgerAsync(database, expectedBuyers: 5);

        // The ledger is append-only today; the triggers still recount a customer whose rows change or go.
        await RunAsync(database, "UPDATE ledger SET kind = 'Purchase', amount = 4 WHERE customer_id = 'a' AND seq = 3");
        await RunAsync(database, "UPDATE ledger SET customer_id = 'e' WHERE customer_id = 'b' AND seq = 2");
        await RunAsync(database, "DELETE FROM ledger WHERE customer_id = 'a' AND seq = 4");
        await RunAsync(database, "DELETE FROM ledger WHERE customer_id = 'c'");
        await AssertEqualToLedgerAsync(database, expectedBuyers: 4);
    }

    private static async Task AssertEqualToLedgerAsync(SqlDatabase database, int expectedBuyers)
    {
        var grouped = await OldDefinitions.TotalsAsync(database);
        var kept = await KeptAsync(database);

        Assert.Equal(expectedBuyers, kept.Count(t => t.LastPurchase is not null));
        Assert.Equal(grouped.Select(Text), kept.Select(Text));
    }

    // Decimals as text, so a PostgreSQL sum with another scale (12.5 against 12.5000) would show too.
    private static string Text(OldDefinitions.Totals t) =>
        $"{t.CustomerId} {t.FirstPurchase:O} {t.LastPurchase:O} {t.Purchases} {t.Spend.ToString(CultureInfo.InvariantCulture)}";

    private static Task<List<OldDefinitions.Totals>> KeptAsync(SqlDatabase database) => database.ReadAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.customer_id, c.display_name, t.first_purchase_utc, t.last_purchase_utc, t.purchases, {CustomerTotalsSql.Spend(database, "t")}
            FROM customers c LEFT JOIN customer_totals t ON t.customer_id = c.customer_id
            ORDER BY c.customer_id
            """;
        var kept = new List<OldDefinitions.Totals>();
        await using var row = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await row.ReadAsync(TestContext.Current.CancellationToken))
        {
            kept.Add(new OldDefinitions.Totals(row.GetString(0), row.GetString(1),
                row.IsDBNull(2) ? null : database.ReadUtc(row, 2),
                row.IsDBNull(3) ? null : database.ReadUtc(row, 3),
                row.IsDBNull(4) ? 0 : Convert.ToInt32(row.GetValue(4), CultureInfo.InvariantCulture),
                row.IsDBNull(5) ? 0m : Convert.ToDecimal(row.GetValue(5), CultureInfo.InvariantCulture)));
        }
        return kept;
    });

    private static Task RunAsync(SqlDatabase database, string sql, object? at = null) => database.Writer.WriteAsync(writer =>
    {
        var command = writer.Command(sql);
        if (at is not null)
        {
            command.With("at", at);
        }
        command.ExecuteNonQuery();
    });

    private static LedgerEntry Entry(long seq, EntryKind kind, decimal amount, string at) => new()
    {
        Seq = seq,
        Kind = kind,
        Points = 1,
        Amount = amount,
        BalanceAfter = seq,
        IdempotencyKey = $"k-{seq}",
        OccurredAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture),
        RecordedAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture),
    };
}

using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// Ledgers written before receipts had owners, as the schema step finds them: every till receipt becomes its customer's,
/// and a receipt an older build booked for two customers stays with one of them, so neither can book it again for the other.
/// </summary>
public sealed class ReceiptOwnersMigrationTests
{
    // Ada bought and redeemed on one receipt and returned on another; Bob and Cy both earned on receipt 9 (older builds let
    // them); the adjustment has no receipt.
    private const string OldLedger = """
        INSERT INTO ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id,
                            occurred_at, occurred_utc, recorded_utc, business_day)
        VALUES ('ada', 1, 'Purchase', 10, 10, 10, 's1/t1/2025-03-01/r1/purchase', 's1', 't1', 'r1', '2025-03-01T10:00:00+01:00', {0}, {0}, {1}),
               ('ada', 2, 'Redemption', -5, 0.5, 5, 's1/t1/2025-03-01/r1/redemption', 's1', 't1', 'r1', '2025-03-01T10:00:00+01:00', {0}, {0}, {1}),
               ('ada', 3, 'Refund', -2, 2, 3, 's1/t2/2025-03-01/x7/refund', 's1', 't2', 'x7', '2025-03-01T11:00:00+01:00', {0}, {0}, {1}),
               ('ada', 4, 'Adjustment', 1, 0, 4, 'adjustment/fix-1', NULL, NULL, NULL, '2025-03-01T12:00:00+01:00', {0}, {0}, NULL),
               ('cy', 1, 'Purchase', 9, 9, 9, 's1/t1/2025-03-01/r9/purchase', 's1', 't1', 'r9', '2025-03-01T10:00:00+01:00', {0}, {0}, {1}),
               ('bob', 1, 'Purchase', 9, 9, 9, 's1/t1/2025-03-01/r9/purchase', 's1', 't1', 'r9', '2025-03-01T10:00:00+01:00', {0}, {0}, {1});
        """;

    private static readonly string[] Owners =
        ["s1/t1/2025-03-01/r1 ada", "s1/t1/2025-03-01/r9 bob", "s1/t2/2025-03-01/x7 ada"];

    [Fact]
    public Task Sqlite_gives_every_receipt_on_the_old_ledgers_an_owner() =>
        OlderBuildDatabases.SqliteAsync(7, string.Format(CultureInfo.InvariantCulture, OldLedger, "'2025-03-01T09:00:00Z'", "'2025-03-01'"), AssertOwnersAsync);

    [Fact]
    public Task Postgres_gives_every_receipt_on_the_old_ledgers_an_owner() =>
        // The schema as the build before this one left it.
        OlderBuildDatabases.PostgresAsync(12, string.Format(CultureInfo.InvariantCulture, OldLedger, "'2025-03-01T09:00:00Z'", "DATE '2025-03-01'"), AssertOwnersAsync);

    private static async Task AssertOwnersAsync(SqlDatabase database)
    {
        var owners = await database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = "SELECT receipt_key || ' ' || customer_id FROM receipt_owners ORDER BY receipt_key";
            var rows = new List<string>();
            await using var reader = await query.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                rows.Add(reader.GetString(0));
            }
            return rows;
        });
        Assert.Equal(Owners, owners);
        var store = new SqlCustomerStore(database);
        Assert.Equal("ada", await store.ReceiptOwnerAsync("s1/t1/2025-03-01/r1", Ct));
        Assert.Null(await store.ReceiptOwnerAsync("s1/t1/2025-03-01/r2", Ct));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

using Npgsql;
using NpgsqlTypes;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Domain.Earning;

namespace RetentionActors.Bench.Baselines;

/// <summary>
/// The till sequence as a careful engineer writes it without actors (<c>accrual/plain-sql-1rt</c>): the card look-up,
/// then one prepared statement that dedupes the receipt, updates the balance, appends the ledger row and returns the
/// balance — one round trip and one commit per purchase (an autocommitted statement), two round trips per sale in all.
/// Same tables, skew and concurrency as <see cref="PlainSqlBaseline"/>.
/// </summary>
public sealed class PlainSqlOneRoundTrip(string connectionString) : PlainSqlService(connectionString)
{
    private const string LookUp = "SELECT customer_id FROM cards WHERE card_id = $1";

    // Each step reads the row the one before returned, so a repeated receipt inserts nothing, updates nothing and
    // appends nothing, and the statement returns no row.
    private const string Purchase = """
        WITH receipt AS (
            INSERT INTO receipts VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING customer_id, points
        ), balance AS (
            UPDATE balances b SET balance = b.balance + r.points, lifetime_spend = b.lifetime_spend + $5, visits = b.visits + 1
            FROM receipt r WHERE b.customer_id = r.customer_id RETURNING b.customer_id, b.balance
        )
        INSERT INTO ledger (customer_id, kind, points, amount, balance_after, store_id, terminal_id, receipt_id, card_id, occurred_at)
        SELECT customer_id, 'purchase', $4, $5, balance, $1, $6, $2, $7, $8 FROM balance
        RETURNING balance_after
        """;

    public override async Task<bool> AccrueAsync(SimulatedTerminal terminal, int rank, string runTag)
    {
        var cardId = Shop.CardId(rank);
        var purchase = Shop.Purchase(terminal.Random, terminal.Id, $"{runTag}-{terminal.Id}-{terminal.Sequence}");
        var points = Rules.PointsFor(purchase.Amount, purchase.Lines!.Select(l => new SaleLine(l.Category, l.Amount)));

        await using var connection = await DataSource.OpenConnectionAsync();
        await using var identify = new NpgsqlCommand(LookUp, connection);
        identify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cardId });
        // Prepared once per physical connection; Npgsql keeps it across pooled uses, so later calls cost no round trip.
        await identify.PrepareAsync();
        if (await identify.ExecuteScalarAsync() is not string customerId)
        {
            return false;
        }

        await using var book = new NpgsqlCommand(Purchase, connection);
        book.Parameters.Add(new NpgsqlParameter<string> { TypedValue = purchase.StoreId });
        book.Parameters.Add(new NpgsqlParameter<string> { TypedValue = purchase.ReceiptId });
        book.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerId });
        book.Parameters.Add(new NpgsqlParameter<long> { TypedValue = points });
        book.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = purchase.Amount });
        book.Parameters.Add(new NpgsqlParameter<string> { TypedValue = purchase.TerminalId });
        book.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cardId });
        book.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = purchase.OccurredAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await book.PrepareAsync();
        if (await book.ExecuteScalarAsync() is not long)
        {
            return false; // a repeat (never happens here, every receipt is new)
        }
        Granted(points);
        return true;
    }
}

using Npgsql;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Domain.Earning;

namespace RetentionActors.Bench.Baselines;

/// <summary>
/// What a retailer would otherwise build: a stateless service over PostgreSQL with Npgsql. The same till
/// sequence — look the card up, one transaction per purchase (dedupe by receipt key, ledger insert,
/// balance update), read the balance — on a pooled connection per request, at the same concurrency: seven round
/// trips per sale (<c>accrual/plain-sql</c>). <see cref="PlainSqlOneRoundTrip"/> is the careful version.
/// </summary>
public sealed class PlainSqlBaseline(string connectionString) : PlainSqlService(connectionString)
{
    public override async Task<bool> AccrueAsync(SimulatedTerminal terminal, int rank, string runTag)
    {
        var cardId = Shop.CardId(rank);
        var purchase = Shop.Purchase(terminal.Random, terminal.Id, $"{runTag}-{terminal.Id}-{terminal.Sequence}");
        var points = Rules.PointsFor(purchase.Amount, purchase.Lines!.Select(l => new SaleLine(l.Category, l.Amount)));

        await using var connection = await DataSource.OpenConnectionAsync();
        string customerId;
        await using (var identify = new NpgsqlCommand("SELECT c.customer_id, b.balance FROM cards c JOIN balances b USING (customer_id) WHERE c.card_id = $1", connection))
        {
            identify.Parameters.AddWithValue(cardId);
            await using var reader = await identify.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return false;
            }
            customerId = reader.GetString(0);
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var dedupe = new NpgsqlCommand("INSERT INTO receipts VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", connection, transaction);
            dedupe.Parameters.AddWithValue(purchase.StoreId);
            dedupe.Parameters.AddWithValue(purchase.ReceiptId);
            dedupe.Parameters.AddWithValue(customerId);
            dedupe.Parameters.AddWithValue(points);
            if (await dedupe.ExecuteNonQueryAsync() == 0)
            {
                return false; // a repeat: nothing more to do (never happens here, every receipt is new)
            }
            await using var update = new NpgsqlCommand(
                "UPDATE balances SET balance = balance + $2, lifetime_spend = lifetime_spend + $3, visits = visits + 1 WHERE customer_id = $1 RETURNING balance",
                connection, transaction);
            update.Parameters.AddWithValue(customerId);
            update.Parameters.AddWithValue(points);
            update.Parameters.AddWithValue(purchase.Amount);
            var balanceAfter = (long)(await update.ExecuteScalarAsync())!;
            await using var ledger = new NpgsqlCommand(
                "INSERT INTO ledger (customer_id, kind, points, amount, balance_after, store_id, terminal_id, receipt_id, card_id, occurred_at) VALUES ($1, 'purchase', $2, $3, $4, $5, $6, $7, $8, $9)",
                connection, transaction);
            ledger.Parameters.AddWithValue(customerId);
            ledger.Parameters.AddWithValue(points);
            ledger.Parameters.AddWithValue(purchase.Amount);
            ledger.Parameters.AddWithValue(balanceAfter);
            ledger.Parameters.AddWithValue(purchase.StoreId);
            ledger.Parameters.AddWithValue(purchase.TerminalId);
            ledger.Parameters.AddWithValue(purchase.ReceiptId);
            ledger.Parameters.AddWithValue(cardId);
            ledger.Parameters.AddWithValue(purchase.OccurredAt);
            await ledger.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        Granted(points);

        await using var balance = new NpgsqlCommand("SELECT balance FROM balances WHERE customer_id = $1", connection);
        balance.Parameters.AddWithValue(customerId);
        return await balance.ExecuteScalarAsync() is long;
    }
}

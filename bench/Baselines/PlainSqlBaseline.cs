using Npgsql;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Domain.Earning;

namespace RetentionActors.Bench.Baselines;

/// <summary>
/// What a retailer would otherwise build: a stateless service over PostgreSQL with Npgsql. The same till
/// sequence — look the card up, one transaction per purchase (dedupe by receipt key, ledger insert,
/// balance update), read the balance — on a pooled connection per request, at the same concurrency.
/// </summary>
public sealed class PlainSqlBaseline(string connectionString)
{
    private static readonly EarningRules Rules = new(1m, new Dictionary<string, decimal>(), 0m);
    private NpgsqlDataSource? _dataSource;
    private long _pointsEarned;

    public long PointsEarned => Interlocked.Read(ref _pointsEarned);

    /// <summary>Purchases committed, warm-up included.</summary>
    public long Accruals => Interlocked.Read(ref _accruals);

    private long _accruals;

    public async Task SeedAsync(int customers)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = _dataSource.CreateCommand($"""
            CREATE TABLE cards (card_id text PRIMARY KEY, customer_id text NOT NULL);
            CREATE TABLE balances (customer_id text PRIMARY KEY, balance bigint NOT NULL, lifetime_spend numeric NOT NULL, visits int NOT NULL);
            CREATE TABLE receipts (store_id text NOT NULL, receipt_id text NOT NULL, customer_id text NOT NULL, points bigint NOT NULL,
                                   PRIMARY KEY (store_id, receipt_id));
            CREATE TABLE ledger (seq bigserial PRIMARY KEY, customer_id text NOT NULL, kind text NOT NULL, points bigint NOT NULL,
                                 amount numeric NOT NULL, balance_after bigint NOT NULL, store_id text, terminal_id text, receipt_id text,
                                 card_id text, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX ledger_customer ON ledger (customer_id, seq);
            INSERT INTO balances SELECT 'c' || lpad(i::text, 7, '0'), 0, 0, 0 FROM generate_series(0, {customers - 1}) i;
            ANALYZE;
            """);
        await command.ExecuteNonQueryAsync();
        // Card ids as the bench's shop spells them, so both sides look up the same keys.
        await using var cards = _dataSource.CreateCommand("INSERT INTO cards SELECT unnest(@cards), unnest(@customers)");
        cards.Parameters.AddWithValue("cards", Enumerable.Range(0, customers).Select(Shop.CardId).ToArray());
        cards.Parameters.AddWithValue("customers", Enumerable.Range(0, customers).Select(Shop.CustomerId).ToArray());
        await cards.ExecuteNonQueryAsync();
    }

    public async Task<bool> AccrueAsync(SimulatedTerminal terminal, int rank, string runTag)
    {
        var dataSource = _dataSource ?? throw new InvalidOperationException("Seed first.");
        var cardId = Shop.CardId(rank);
        var purchase = Shop.Purchase(terminal.Random, terminal.Id, $"{runTag}-{terminal.Id}-{terminal.Sequence}");
        var points = Rules.PointsFor(purchase.Amount, purchase.Lines!.Select(l => new SaleLine(l.Category, l.Amount)));

        await using var connection = await dataSource.OpenConnectionAsync();
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
        Interlocked.Add(ref _pointsEarned, points);
        Interlocked.Increment(ref _accruals);

        await using var balance = new NpgsqlCommand("SELECT balance FROM balances WHERE customer_id = $1", connection);
        balance.Parameters.AddWithValue(customerId);
        return await balance.ExecuteScalarAsync() is long;
    }

    public async Task<long> TotalBalanceAsync()
    {
        await using var command = _dataSource!.CreateCommand("SELECT coalesce(sum(balance), 0)::bigint FROM balances");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask CloseAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}

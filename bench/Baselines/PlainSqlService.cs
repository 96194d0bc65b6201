using Npgsql;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Domain.Earning;

namespace RetentionActors.Bench.Baselines;

/// <summary>
/// A stateless loyalty service over PostgreSQL with Npgsql, as a retailer would otherwise build it: the tables, the
/// seeding and the check of balances, shared by the ways of writing its till sequence that the bench compares.
/// </summary>
public abstract class PlainSqlService(string connectionString)
{
    protected static readonly EarningRules Rules = new(1m, new Dictionary<string, decimal>(), 0m);
    private NpgsqlDataSource? _dataSource;
    private long _pointsEarned;
    private long _accruals;

    public long PointsEarned => Interlocked.Read(ref _pointsEarned);

    /// <summary>Purchases committed, warm-up included.</summary>
    public long Accruals => Interlocked.Read(ref _accruals);

    protected NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Seed first.");

    /// <summary>One till sequence for the customer of rank <paramref name="rank"/>: true when answered as expected.</summary>
    public abstract Task<bool> AccrueAsync(SimulatedTerminal terminal, int rank, string runTag);

    protected void Granted(long points)
    {
        Interlocked.Add(ref _pointsEarned, points);
        Interlocked.Increment(ref _accruals);
    }

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

    public async Task<long> TotalBalanceAsync()
    {
        await using var command = DataSource.CreateCommand("SELECT coalesce(sum(balance), 0)::bigint FROM balances");
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

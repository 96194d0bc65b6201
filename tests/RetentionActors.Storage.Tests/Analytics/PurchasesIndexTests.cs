using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// The schema's index of each customer's purchases answers the back office's per-customer purchase figures from the
/// index alone: the query the cohorts and retention figures group by customer reads it, not the ledger table.
/// </summary>
public abstract class PurchasesIndexContract
{
    protected abstract SqlDatabase Database { get; }

    /// <summary>The plan of <paramref name="query"/> as text, one line a row; the engine's planner prefers the index when it may.</summary>
    protected abstract Task<string> PlanAsync(string query);

    [Fact]
    public async Task First_purchases_per_customer_read_the_purchases_index_alone()
    {
        var plan = await PlanAsync("SELECT customer_id, MIN(occurred_utc) FROM ledger WHERE kind = 'Purchase' AND occurred_utc < '2030-01-01' GROUP BY customer_id");

        Assert.Contains("ledger_purchases", plan, StringComparison.Ordinal);
        Assert.Matches("(?i)index only scan|covering index", plan);
    }

    [Fact]
    public async Task A_periods_refunds_read_the_refunds_index_alone()
    {
        var plan = await PlanAsync("SELECT SUM(amount) FROM ledger WHERE kind = 'Refund' AND occurred_utc >= '2029-01-01' AND occurred_utc < '2030-01-01'");

        Assert.Contains("ledger_refunds", plan, StringComparison.Ordinal);
        Assert.Matches("(?i)index only scan|covering index", plan);
    }

    /// <summary>The text in <paramref name="column"/> of each row of <paramref name="sql"/>, run after <paramref name="settings"/> and before <paramref name="reset"/> on one connection.</summary>
    protected Task<string> LinesAsync(string sql, int column, string? settings = null, string? reset = null) =>
        Database.ReadAsync(async connection =>
        {
            var ct = TestContext.Current.CancellationToken;
            await RunAsync(connection, settings, ct);
            var lines = new List<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                await using var row = await command.ExecuteReaderAsync(ct);
                while (await row.ReadAsync(ct))
                {
                    lines.Add(row.GetString(column));
                }
            }
            await RunAsync(connection, reset, ct);
            return string.Join('\n', lines);
        });

    private static async Task RunAsync(System.Data.Common.DbConnection connection, string? sql, CancellationToken ct)
    {
        if (sql is not null)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

public sealed class SqlitePurchasesIndexTests(SqliteFixture fixture) : PurchasesIndexContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;

    protected override Task<string> PlanAsync(string query) => LinesAsync("EXPLAIN QUERY PLAN " + query, 3);
}

public sealed class PostgresPurchasesIndexTests(PostgresFixture fixture) : PurchasesIndexContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();

    // An empty test table is cheapest to read whole: without sequential scans the planner shows whether the index serves.
    protected override Task<string> PlanAsync(string query) =>
        LinesAsync("EXPLAIN " + query, 0, "SET enable_seqscan = off; SET enable_bitmapscan = off", "RESET enable_seqscan; RESET enable_bitmapscan");
}

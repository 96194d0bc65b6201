using System.Data.Common;
using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Retention analytics straight from the ledger table, in SQL both engines accept. Times are bound
/// through <see cref="SqlDatabase.Utc"/>, so comparisons work on SQLite's sortable text and on
/// PostgreSQL's timestamptz alike; only the month of a time needs a dialect switch. Every query is an aggregate: the
/// silo gets a handful of numbers, or one row per cohort and month, never a row per customer.
/// </summary>
public sealed partial class SqlRetentionFigures(SqlDatabase database, long splitFromRows = CustomerRange.SplitFromRows,
    long rowsPerPass = SqlRetentionFigures.RowsPerPass) : IRetentionFigures
{
    /// <summary>The rows these queries returned to the silo.</summary>
    public RowCounter Rows { get; } = new();

    /// <summary>
    /// The customer ranges the last report's grouping by customer was read in at once (see <see cref="CustomerRange"/>): for
    /// tests; with reports running at once it shows whichever chose its ranges last.
    /// </summary>
    public int Parts { get; private set; }

    private const string Purchase = "kind = 'Purchase'";

    public async Task<RetentionReport> RetentionAsync(DateOnly from, DateOnly to, int windowDays, decimal? marketingSpend, CancellationToken cancellationToken = default)
    {
        var start = Utc(from);
        var end = Utc(to);
        await using var connection = database.OpenRead();
        await using var snapshot = database.BeginSnapshot(connection);

        // Customers active before (in the window of days before the period's start) and after (before its end), and the
        // purchases in the period, in one pass over the purchases from the earlier window's start, grouped by customer: a
        // grouping hashes or reads the purchases index in customer order, where COUNT(DISTINCT) sorted each count's rows apart.
        // Only whole numbers per customer: PostgreSQL's parallel grouping passes each worker's partial sums on, and a numeric
        // sum's partial state is costly to pass (at 10 M members: 17.5 s with the takings summed here, 11.4 s without).
        // A large ledger is grouped in customer ranges at once (see CustomerRange), and the ranges' counts add up.
        var before = start.AddDays(-windowDays);
        var after = end.AddDays(-windowDays);
        var counts = await ByCustomerRangeAsync(connection, snapshot, async (on, shared, range, token) =>
        {
            await using var command = range.BindTo(Command(on, shared, $"""
                SELECT SUM(was_active), SUM(is_active), SUM(CASE WHEN was_active = 1 AND is_active = 0 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN bought >= 2 THEN 1 ELSE 0 END), SUM(bought), SUM(CASE WHEN bought >= 1 THEN 1 ELSE 0 END)
                FROM (SELECT customer_id,
                             MAX(CASE WHEN occurred_utc >= @before AND occurred_utc < @start THEN 1 ELSE 0 END) AS was_active,
                             MAX(CASE WHEN occurred_utc >= @after AND occurred_utc < @end THEN 1 ELSE 0 END) AS is_active,
                             SUM(CASE WHEN occurred_utc >= @start AND occurred_utc < @end THEN 1 ELSE 0 END) AS bought
                      FROM ledger WHERE {Purchase} AND occurred_utc >= @from AND occurred_utc < @until AND {range.Condition("customer_id")}
                      GROUP BY customer_id) c
                """, ("before", before), ("start", start), ("after", after), ("end", end),
                ("from", Min(before, after, start)), ("until", end > start ? end : start)));
            await using var row = await command.ExecuteReaderAsync(token);
            await row.ReadAsync(token);
            Rows.Add();
            return Enumerable.Range(0, 6).Select(i => (int)Number(row, i)).ToArray();
        }, cancellationToken);
        int Total(int figure) => counts.Sum(part => part[figure]);
        var (s, e, lost, repeaters, purchases, buyers) = (Total(0), Total(1), Total(2), Total(3), Total(4), Total(5));
        var purchaseAmount = await SumAsync(connection, snapshot,
            $"SELECT SUM(amount) FROM ledger WHERE {Purchase} AND occurred_utc >= @a AND occurred_utc < @b",
            cancellationToken, ("a", start), ("b", end));
        // Refund entries may carry the amount signed either way; a refund always lowers the takings.
        var refundAmount = Math.Abs(await SumAsync(connection, snapshot,
            "SELECT SUM(amount) FROM ledger WHERE kind = 'Refund' AND occurred_utc >= @a AND occurred_utc < @b",
            cancellationToken, ("a", start), ("b", end)));
        // New customers: first purchase in the period, from the totals the ledger's triggers keep.
        var n = await CountAsync(connection, snapshot,
            "SELECT COUNT(*) FROM customer_totals WHERE first_purchase_utc >= @a AND first_purchase_utc < @b",
            cancellationToken, ("a", start), ("b", end));

        var days = to.DayNumber - from.DayNumber;
        var retention = Rate(e - n, s);
        var churn = Rate(lost, s);
        var repeat = Rate(repeaters, buyers);
        double? averageCheck = purchases == 0 ? null : (double)(purchaseAmount - refundAmount) / purchases;
        double? frequency = buyers == 0 ? null : (double)purchases / buyers;
        double? cac = marketingSpend is { } spend && n > 0 ? (double)spend / n : null;
        double? clv = null;
        if (averageCheck is { } check && frequency is { } f && churn is { } c)
        {
            var perYear = 365.0 / days;
            var a = 1 - Math.Pow(1 - c / 100, perYear);
            var lifetime = a == 0 ? 10 : Math.Min(10, 1 / a);
            clv = check * f * perYear * lifetime;
        }
        return new RetentionReport(from, to, windowDays, marketingSpend, s, e, n,
            Round(retention), Round(churn), Round(repeat), Round(averageCheck), Round(frequency), Round(cac), Round(clv),
            purchases, buyers, purchaseAmount, refundAmount);
    }

    private static double? Rate(double numerator, int denominator) => denominator == 0 ? null : numerator / denominator * 100;

    // A report's grouping by customer, one part per customer range (see CustomerRange), the parts at once on a large ledger.
    private async Task<TResult[]> ByCustomerRangeAsync<TResult>(DbConnection connection, DbTransaction snapshot,
        Func<DbConnection, DbTransaction, CustomerRange, CancellationToken, Task<TResult>> run, CancellationToken cancellationToken)
    {
        var ranges = await CustomerRange.SplitAsync(database, connection, snapshot, splitFromRows, cancellationToken);
        Parts = ranges.Count;
        return await SharedSnapshot.RunAsync(database, connection, snapshot, ranges, run, cancellationToken);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;

    private static DateTimeOffset Utc(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static decimal Number(DbDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? 0m : Convert.ToDecimal(row.GetValue(ordinal), CultureInfo.InvariantCulture);

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, DateTimeOffset Value)[] times)
    {
        var command = connection.Command(transaction, sql);
        foreach (var (name, value) in times)
        {
            command.With(name, database.Utc(value));
        }
        return command;
    }

    private static DateTimeOffset Min(params DateTimeOffset[] times) => times.Min();

    // Every row of a query, read with read and counted in Rows; the command is disposed of after.
    private async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var row = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await row.ReadAsync(cancellationToken))
            {
                Rows.Add();
                rows.Add(read(row));
            }
            return rows;
        }
    }

    private async Task<decimal> SumAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string, DateTimeOffset)[] times)
    {
        await using var command = Command(connection, transaction, sql, times);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        Rows.Add();
        return Number(row, 0);
    }

    private async Task<int> CountAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string, DateTimeOffset)[] times)
    {
        await using var command = Command(connection, transaction, sql, times);
        Rows.Add();
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}

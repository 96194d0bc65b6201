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

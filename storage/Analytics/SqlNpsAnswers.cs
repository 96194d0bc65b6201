using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>NPS answers grouped by month in SQL, from the <c>feedback</c> table: one row per month reaches the silo.</summary>
public sealed class SqlNpsAnswers(SqlDatabase database) : INpsAnswers
{
    /// <summary>The rows these queries returned to the silo.</summary>
    public RowCounter Rows { get; } = new();

    public Task<IReadOnlyList<NpsMonthCount>> MonthsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<NpsMonthCount>>(async connection =>
        {
            var month = SqlDialect.Month(database, "answered_utc");
            await using var query = connection.CreateCommand();
            query.CommandText = $"""
                SELECT {month}, COUNT(*), SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END), SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END)
                FROM feedback GROUP BY {month} ORDER BY {month}
                """;
            var months = new List<NpsMonthCount>();
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                Rows.Add();
                months.Add(new NpsMonthCount(DateOnly.ParseExact(row.GetString(0) + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Int(row.GetValue(1)), Int(row.GetValue(2)), Int(row.GetValue(3))));
            }
            return months;
        });

    private static int Int(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}

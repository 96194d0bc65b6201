using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// RFM scored by the database with window functions (RANK over all buyers), both engines: the silo gets the six segment
/// counts, and the customers one row at a time to pass on, never all of them at once.
/// </summary>
public sealed class SqlRfmSegments(SqlDatabase database) : IRfmSegments
{
    /// <summary>The rows these queries returned to the silo.</summary>
    public RowCounter Rows { get; } = new();

    public IReadOnlyList<string> SegmentNames { get; } = ["Champions", "Loyal", "New or promising", "At risk", "Lost", "Needs attention"];

    // 1 + rank × 5 / n in integer arithmetic, rank counting the buyers with a strictly lower value (RANK() − 1).
    // Segment rules, tried in order: R≥4 F≥4 Champions; R≥3 F≥3 Loyal; R≥4 New or promising; R≤2 F≥3 At risk;
    // R=1 Lost; otherwise Needs attention (M refines the order of work, not the segment).
    private static string Scored(SqlDatabase database) => $"""
        WITH buyers AS ({CustomerTotalsSql.Buyers(database)}),
        scored AS (
            SELECT b.customer_id, b.display_name, b.last_utc, b.purchases, b.spend,
                   1 + (RANK() OVER (ORDER BY b.last_utc) - 1) * 5 / COUNT(*) OVER () AS r,
                   1 + (RANK() OVER (ORDER BY b.purchases) - 1) * 5 / COUNT(*) OVER () AS f,
                   1 + (RANK() OVER (ORDER BY b.spend_rank) - 1) * 5 / COUNT(*) OVER () AS m
            FROM buyers b),
        segmented AS (
            SELECT s.*,
                   CASE WHEN r >= 4 AND f >= 4 THEN 'Champions'
                        WHEN r >= 3 AND f >= 3 THEN 'Loyal'
                        WHEN r >= 4 THEN 'New or promising'
                        WHEN r <= 2 AND f >= 3 THEN 'At risk'
                        WHEN r = 1 THEN 'Lost'
                        ELSE 'Needs attention' END AS segment
            FROM scored s)
        """;

    // The segment counts and the customers in one query, so the scoring (a pass over every buyer's totals and three sorts of
    // them) runs once, not once for the counts and again for the customers: at 1 M members each pass took 15-30 s.
    // The counts come first (part 0, largest first; among equal ones, the one whose first customer by id comes first),
    // then the customers by id (part 1), and the customers are read from the same result as the response is written.
    private static string CountsThenCustomers(SqlDatabase database) => Scored(database) + """
        SELECT 0 AS part, -COUNT(*) AS sort_key, MIN(customer_id) AS customer_id, NULL AS display_name, NULL AS last_utc,
               COUNT(*) AS purchases, NULL AS spend, 0 AS r, 0 AS f, 0 AS m, segment
        FROM segmented GROUP BY segment
        UNION ALL
        SELECT 1, 0, customer_id, display_name, last_utc, purchases, spend, r, f, m, segment FROM segmented
        ORDER BY part, sort_key, customer_id
        """;

    public async Task<RfmReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var connection = database.OpenRead();
        DbCommand? query = null;
        DbDataReader? rows = null;
        try
        {
            query = Command(connection, null, CountsThenCustomers(database));
            rows = await query.ExecuteReaderAsync(cancellationToken);
            var segments = new List<RfmSegmentCount>();
            var more = await rows.ReadAsync(cancellationToken);
            while (more && Int(rows, 0) == 0)
            {
                Rows.Add();
                segments.Add(new RfmSegmentCount(rows.GetString(10), Int(rows, 5)));
                more = await rows.ReadAsync(cancellationToken);
            }
            if (more)
            {
                Rows.Add(); // the first customer, read to see that the counts ended
            }
            return new RfmReading(connection, query, rows, segments, CustomersAsync(rows, more, now, cancellationToken));
        }
        catch
        {
            if (rows is not null)
            {
                await rows.DisposeAsync();
            }
            if (query is not null)
            {
                await query.DisposeAsync();
            }
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<IReadOnlyList<string>> MembersAsync(string segment, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var query = Command(connection, null, Scored(database) + "SELECT customer_id FROM segmented WHERE segment = @segment ORDER BY customer_id LIMIT @take")
                .With("segment", segment).With("take", take);
            var members = new List<string>();
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                Rows.Add();
                members.Add(row.GetString(0));
            }
            return members;
        });

    // The rows after the counts, the reader standing on the first customer when there is one.
    private async IAsyncEnumerable<RfmCustomer> CustomersAsync(DbDataReader row, bool onCustomer, DateTimeOffset now,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var first = true; first ? onCustomer : await row.ReadAsync(cancellationToken); first = false)
        {
            if (!first)
            {
                Rows.Add();
            }
            var last = database.ReadUtc(row, 4);
            yield return new RfmCustomer(row.GetString(2), row.GetString(3), (int)(now - last).TotalDays, Int(row, 5),
                row.IsDBNull(6) ? 0m : Convert.ToDecimal(row.GetValue(6), CultureInfo.InvariantCulture),
                Int(row, 7), Int(row, 8), Int(row, 9), row.GetString(10));
        }
    }

    private static int Int(DbDataReader row, int ordinal) => Convert.ToInt32(row.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}

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
    private static readonly string Scored = $"""
        WITH buyers AS ({CustomerTotalsSql.Buyers}),
        scored AS (
            SELECT b.customer_id, b.display_name, b.last_utc, b.purchases, b.spend,
                   1 + (RANK() OVER (ORDER BY b.last_utc) - 1) * 5 / COUNT(*) OVER () AS r,
                   1 + (RANK() OVER (ORDER BY b.purchases) - 1) * 5 / COUNT(*) OVER () AS f,
                   1 + (RANK() OVER (ORDER BY {CustomerTotalsSql.Ranked("b.spend")}) - 1) * 5 / COUNT(*) OVER () AS m
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

    public async Task<RfmReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var connection = database.OpenRead();
        try
        {
            var snapshot = database.BeginSnapshot(connection);
            // Largest segment first; among equal ones, the one whose first customer (by id) comes first.
            await using var query = Command(connection, snapshot,
                Scored + "SELECT segment, COUNT(*) FROM segmented GROUP BY segment ORDER BY COUNT(*) DESC, MIN(customer_id)");
            var segments = new List<RfmSegmentCount>();
            await using (var row = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await row.ReadAsync(cancellationToken))
                {
                    Rows.Add();
                    segments.Add(new RfmSegmentCount(row.GetString(0), Int(row, 1)));
                }
            }
            return new RfmReading(connection, snapshot, segments, CustomersAsync(connection, snapshot, now, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<IReadOnlyList<string>> MembersAsync(string segment, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var query = Command(connection, null, Scored + "SELECT customer_id FROM segmented WHERE segment = @segment ORDER BY customer_id LIMIT @take")
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

    private async IAsyncEnumerable<RfmCustomer> CustomersAsync(DbConnection connection, DbTransaction snapshot, DateTimeOffset now,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var query = Command(connection, snapshot,
            Scored + "SELECT customer_id, display_name, last_utc, purchases, spend, r, f, m, segment FROM segmented ORDER BY customer_id");
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            Rows.Add();
            var last = database.ReadUtc(row, 2);
            yield return new RfmCustomer(row.GetString(0), row.GetString(1), (int)(now - last).TotalDays, Int(row, 3),
                row.IsDBNull(4) ? 0m : Convert.ToDecimal(row.GetValue(4), CultureInfo.InvariantCulture),
                Int(row, 5), Int(row, 6), Int(row, 7), row.GetString(8));
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

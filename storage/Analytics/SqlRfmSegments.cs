using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// RFM scored by the database from the customers' totals, both engines: the silo gets the six segment counts, and the
/// customers one row at a time to pass on, never all of them at once.
/// </summary>
public sealed class SqlRfmSegments(SqlDatabase database) : IRfmSegments
{
    /// <summary>The rows these queries returned to the silo: segment counts and customers (the thresholds' twelve values not counted).</summary>
    public RowCounter Rows { get; } = new();

    public IReadOnlyList<string> SegmentNames { get; } = ["Champions", "Loyal", "New or promising", "At risk", "Lost", "Needs attention"];

    // Each customer is scored by comparing with the quintile thresholds (RfmThresholds), bound as parameters: no sort of
    // every buyer. The thresholds count the buyers in customer_totals, and the buyers scored, counted and listed are those
    // same rows: the customers row only gives the name (none for a ledger-only customer), so no customer can be counted in
    // one and missing from the other.
    private static string Scored(SqlDatabase database)
    {
        static string Score(string name, string value) =>
            "1" + string.Concat(Enumerable.Range(1, 4).Select(s => $" + CASE WHEN {value} > @{name}{s} THEN 1 ELSE 0 END"));
        return $"""
            WITH scored AS (
                SELECT b.customer_id, b.display_name, b.last_utc, b.purchases, b.spend,
                       {Score("r", "b.last_utc")} AS r, {Score("f", "b.purchases")} AS f, {Score("m", "b.spend_rank")} AS m
                FROM ({Buyers(database)}) b),
            segmented AS (
                SELECT s.*, {SegmentOf("s.last_utc", "s.purchases")} AS segment
                FROM scored s)

            """;
    }

    private static string Buyers(SqlDatabase database) => $"""
        SELECT t.customer_id, COALESCE(c.display_name, '') AS display_name, t.last_purchase_utc AS last_utc, t.purchases,
               {CustomerTotalsSql.Spend(database, "t")} AS spend, {CustomerTotalsSql.SpendRank(database, "t")} AS spend_rank
        FROM customer_totals t LEFT JOIN customers c ON c.customer_id = t.customer_id
        WHERE t.last_purchase_utc IS NOT NULL
        """;

    // Segment rules, tried in order: R≥4 F≥4 Champions; R≥3 F≥3 Loyal; R≥4 New or promising; R≤2 F≥3 At risk;
    // R=1 Lost; otherwise Needs attention (M refines the order of work, not the segment). Written over the thresholds'
    // comparisons (R ≥ k + 1 exactly when the last purchase is above r_k, likewise F), so the counts can be plain
    // conditions in one aggregate, which PostgreSQL splits over parallel workers. A grouping by the segment expression was
    // sorted: the planner took it for a key with a value per buyer (at 8 M buyers: 5 s of 15, on disk).
    private static readonly (string Segment, Func<string, string, string> Rule)[] Rules =
    [
        ("Champions", (last, purchases) => $"{last} > @r3 AND {purchases} > @f3"),
        ("Loyal", (last, purchases) => $"{last} > @r2 AND {purchases} > @f2"),
        ("New or promising", (last, _) => $"{last} > @r3"),
        ("At risk", (last, purchases) => $"NOT {last} > @r2 AND {purchases} > @f2"),
        ("Lost", (last, _) => $"NOT {last} > @r1"),
    ];

    private const string Otherwise = "Needs attention";

    // A customer's segment: the first rule that holds.
    private static string SegmentOf(string last, string purchases) =>
        "CASE " + string.Concat(Rules.Select(r => $"WHEN {r.Rule(last, purchases)} THEN '{r.Segment}' ")) + $"ELSE '{Otherwise}' END";

    // Each segment as a condition of its own: its rule holds and no earlier one does.
    private static readonly (string Segment, string Condition)[] SegmentConditions =
    [
        .. Rules.Select((r, i) => (r.Segment, string.Concat(Rules.Take(i).Select(earlier => $"NOT ({earlier.Rule("last_purchase_utc", "purchases")}) AND "))
            + $"({r.Rule("last_purchase_utc", "purchases")})")),
        (Otherwise, string.Join(" AND ", Rules.Select(r => $"NOT ({r.Rule("last_purchase_utc", "purchases")})"))),
    ];

    // Largest first; among equal counts, the segment whose first customer by id comes first; segments without customers left out.
    private static readonly string Counts = $"""
        WITH c AS MATERIALIZED (
            SELECT {string.Join(",\n           ", SegmentConditions.Select((r, i) =>
                $"COUNT(*) FILTER (WHERE {r.Condition}) AS n{i}, MIN(customer_id) FILTER (WHERE {r.Condition}) AS first{i}"))}
            FROM customer_totals WHERE last_purchase_utc IS NOT NULL)
        SELECT segment, customers FROM (
            {string.Join("\n    UNION ALL ", SegmentConditions.Select((r, i) => $"SELECT '{r.Segment}' AS segment, n{i} AS customers, first{i} AS first_id FROM c"))}) s
        WHERE customers > 0 ORDER BY customers DESC, first_id
        """;

    private static string Customers(SqlDatabase database) => Scored(database) +
        "SELECT customer_id, display_name, last_utc, purchases, spend, r, f, m, segment FROM segmented ORDER BY customer_id";

    // By customer id from the totals' primary key, scoring as it goes and stopping at the page's end: no sort, no OFFSET.
    private static string SegmentPage(SqlDatabase database, bool after) => Scored(database) + $"""
        SELECT customer_id, display_name, last_utc, purchases, spend, r, f, m, segment FROM segmented
        WHERE segment = @segment {(after ? "AND customer_id > @after" : "")} ORDER BY customer_id LIMIT @take
        """;

    public Task<IReadOnlyList<RfmSegmentCount>> CountsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var snapshot = database.BeginSnapshot(connection);
            return await ReadCountsAsync(connection, snapshot, await RfmThresholds.ReadAsync(database, connection, snapshot, cancellationToken), cancellationToken);
        });

    private async Task<IReadOnlyList<RfmSegmentCount>> ReadCountsAsync(DbConnection connection, DbTransaction snapshot, RfmThresholds thresholds,
        CancellationToken cancellationToken)
    {
        await using var counts = thresholds.BindTo(connection.Command(snapshot, Counts));
        await using var count = await counts.ExecuteReaderAsync(cancellationToken);
        var segments = new List<RfmSegmentCount>();
        while (await count.ReadAsync(cancellationToken))
        {
            Rows.Add();
            segments.Add(new RfmSegmentCount(count.GetString(0), Int(count, 1)));
        }
        return segments;
    }

    public Task<IReadOnlyList<RfmCustomer>> SegmentPageAsync(string segment, string? after, int take, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        return database.ReadAsync<IReadOnlyList<RfmCustomer>>(async connection =>
        {
            await using var snapshot = database.BeginSnapshot(connection);
            var thresholds = await RfmThresholds.ReadAsync(database, connection, snapshot, cancellationToken);
            await using var query = thresholds.BindTo(connection.Command(snapshot, SegmentPage(database, after is not null)))
                .With("segment", segment).With("take", take);
            if (after is not null)
            {
                query.With("after", after);
            }
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            var page = new List<RfmCustomer>();
            await foreach (var customer in CustomersAsync(row, now, cancellationToken))
            {
                page.Add(customer);
            }
            return page;
        });
    }

    // The counts and the customers are two queries in one snapshot, so the counts add up to the customers listed; scoring
    // twice costs two passes over the totals, no sort.
    public async Task<RfmReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var connection = database.OpenRead();
        DbTransaction? snapshot = null;
        DbCommand? query = null;
        DbDataReader? rows = null;
        try
        {
            snapshot = database.BeginSnapshot(connection);
            var thresholds = await RfmThresholds.ReadAsync(database, connection, snapshot, cancellationToken);
            var segments = await ReadCountsAsync(connection, snapshot, thresholds, cancellationToken);
            query = thresholds.BindTo(connection.Command(snapshot, Customers(database)));
            rows = await query.ExecuteReaderAsync(cancellationToken);
            return new RfmReading(connection, snapshot, query, rows, segments, CustomersAsync(rows, now, cancellationToken));
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
            if (snapshot is not null)
            {
                await snapshot.DisposeAsync();
            }
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<IReadOnlyList<string>> MembersAsync(string segment, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var snapshot = database.BeginSnapshot(connection);
            var thresholds = await RfmThresholds.ReadAsync(database, connection, snapshot, cancellationToken);
            await using var query = thresholds.BindTo(connection.Command(snapshot,
                    Scored(database) + "SELECT customer_id FROM segmented WHERE segment = @segment ORDER BY customer_id LIMIT @take"))
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

    private async IAsyncEnumerable<RfmCustomer> CustomersAsync(DbDataReader row, DateTimeOffset now,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
}

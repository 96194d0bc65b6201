using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Monthly retention's queries. Each month start (a boundary, numbered year × 12 + month − 1) has three counts: the
/// customers active there (who bought in the window of days before it), of them those active at the next boundary too,
/// and the customers whose first purchase is in the month starting there.
/// <para>
/// <see cref="Intervals"/> counts any run of boundaries in one pass over their purchases. Per customer and month with
/// purchases, the month's last purchase makes the customer active at the boundaries after it, up to the next month they
/// bought in (from there that month's last purchase decides) and up to the window's end: an interval of boundaries,
/// disjoint from the customer's other intervals. Each interval adds +1 at its first boundary and −1 after its last; a
/// running sum gives the customers active at each boundary without a row per customer and month. The customers active at
/// a boundary and at the next one are counted the same way, over the pairs of consecutive boundaries an interval covers,
/// plus the pair across into the next interval when that one starts right after. The intervals are first counted by
/// their bounds (a few thousand kinds however many customers), so the changes are summed from those counts and not from
/// four rows per customer and month. The neighbours are read by window functions in a step of their own: written inside
/// the conditions, six calls recomputed the month arithmetic for each (at 1 M members and 2 M purchases on PostgreSQL:
/// 4.6 s before, 3.9 s after, same rows, on a loaded machine). Purchases more than the window before the first boundary
/// are not read: their intervals end before it.
/// </para>
/// <para>
/// <see cref="Windows"/> counts the boundaries that may still change straight from their windows of purchases, and
/// <see cref="Fresh"/> the first purchases from the customers' totals. The counts of months that are over are
/// kept in <c>monthly_retention_counts</c> (see <see cref="ClosedMonthTables"/>).
/// </para>
/// </summary>
internal static class MonthlyRetentionSql
{
    /// <summary>
    /// Parameters: @since (the window's start before the first boundary), @end (the last boundary, a time), @days (the
    /// window), @first and @last (the first and last boundary numbers), and the customer range's. One row per boundary
    /// number from @first to @last that has a change, for the customers of <paramref name="range"/>: boundary, change in
    /// the customers active there, change in the customers active there and at the next boundary. Changes before @first
    /// count at @first, so the running sums of the changes from @first on are the counts. The changes of several ranges
    /// add up.
    /// </summary>
    public static string Intervals(SqlDatabase database, CustomerRange range)
    {
        var month = SqlDialect.MonthNumber(database, "occurred_utc");
        var expires = SqlDialect.MonthNumberDaysAfter(database, "last_utc", "@days");
        return $"""
            WITH months AS (
                SELECT customer_id, {month} AS m, MAX(occurred_utc) AS last_utc
                FROM ledger WHERE kind = 'Purchase' AND occurred_utc >= @since AND occurred_utc < @end AND {range.Condition("customer_id")}
                GROUP BY customer_id, {month}),
            reach AS (
                SELECT customer_id, m, {expires} AS expires FROM months),
            neighbours AS (
                SELECT m, expires, LEAD(m) OVER w AS next_m, LEAD(expires) OVER w AS next_expires
                FROM reach
                WINDOW w AS (PARTITION BY customer_id ORDER BY m)),
            spans AS (
                SELECT m + 1 AS k1,
                       CASE WHEN next_m < expires THEN next_m ELSE expires END AS k2,
                       CASE WHEN next_m <= expires AND next_expires > next_m THEN 1 ELSE 0 END AS carries
                FROM neighbours),
            kinds AS (
                SELECT k1, k2, carries, COUNT(*) AS n FROM spans GROUP BY k1, k2, carries),
            changes AS (
                SELECT k1 AS k, n AS active, 0 AS kept FROM kinds WHERE k1 <= k2
                UNION ALL SELECT k2 + 1, -n, 0 FROM kinds WHERE k1 <= k2
                UNION ALL SELECT k1, 0, n FROM kinds WHERE k1 < k2 + carries
                UNION ALL SELECT k2 + carries, 0, -n FROM kinds WHERE k1 < k2 + carries),
            clamped AS (
                SELECT CASE WHEN k < @first THEN @first ELSE k END AS k, active, kept FROM changes WHERE k <= @last)
            SELECT k, SUM(active), SUM(kept) FROM clamped GROUP BY k
            """;
    }

    /// <summary>
    /// Parameters: a boundary's window [@since, @end), the next boundary's [@next_start, @until), and the customer range's.
    /// One row: the customers of <paramref name="range"/> active at the boundary, at the next one, and at both.
    /// </summary>
    public static string Windows(CustomerRange range) => $"""
        SELECT SUM(here), SUM(next), SUM(here * next)
        FROM (SELECT customer_id,
                     MAX(CASE WHEN occurred_utc < @end THEN 1 ELSE 0 END) AS here,
                     MAX(CASE WHEN occurred_utc >= @next_start THEN 1 ELSE 0 END) AS next
              FROM ledger WHERE kind = 'Purchase' AND occurred_utc >= @since AND occurred_utc < @until AND {range.Condition("customer_id")}
              GROUP BY customer_id) c
        """;

    /// <summary>Parameters: @from and @until, month starts. One row per month with first purchases: month number, customers.</summary>
    public static string Fresh(SqlDatabase database) => $"""
        SELECT {SqlDialect.MonthNumber(database, "first_purchase_utc")}, COUNT(*)
        FROM customer_totals WHERE first_purchase_utc >= @from AND first_purchase_utc < @until
        GROUP BY {SqlDialect.MonthNumber(database, "first_purchase_utc")}
        """;

    /// <summary>Parameters: @days, @first, @last. The counts kept for the window: boundary, active, kept, fresh, past_changes.</summary>
    public const string Kept = """
        SELECT boundary, active, kept, fresh, past_changes FROM monthly_retention_counts
        WHERE window_days = @days AND boundary >= @first AND boundary <= @last
        """;

    /// <summary>Parameters: @default, @most. The other windows of days counts are kept for, at most @most of them, the largest first.</summary>
    public const string KeptWindows = """
        SELECT DISTINCT window_days FROM monthly_retention_counts WHERE window_days <> @default ORDER BY window_days DESC LIMIT @most
        """;

    /// <summary>Keeps one boundary's counts, unless counts from a later view of the ledger are already kept.</summary>
    public const string Keep = """
        INSERT INTO monthly_retention_counts (window_days, boundary, active, kept, fresh, past_changes)
        VALUES (@days, @boundary, @active, @kept, @fresh, @past_changes)
        ON CONFLICT (window_days, boundary) DO UPDATE SET
            active = excluded.active, kept = excluded.kept, fresh = excluded.fresh, past_changes = excluded.past_changes
        WHERE monthly_retention_counts.past_changes <= excluded.past_changes
        """;
}

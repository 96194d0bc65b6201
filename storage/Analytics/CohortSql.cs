using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Cohorts' queries. A cell is a cohort (the month of its customers' first purchase, numbered year × 12 + month − 1) and a
/// month bought in: how many of the cohort's customers bought in that month. The months bought in that are over are kept
/// in <c>cohort_counts</c> (see <see cref="ClosedMonthTables"/>).
/// </summary>
internal static class CohortSql
{
    /// <summary>
    /// Parameters: @since and @until, and the customer range's. One row per cell of the purchases in [@since, @until), for
    /// the customers of <paramref name="range"/>: cohort, month bought in, buyers. Each customer is grouped by month once,
    /// then their cohort is read from their totals (the first purchase of everyone who bought in the months read).
    /// </summary>
    public static string Cells(SqlDatabase database, CustomerRange range)
    {
        var bought = SqlDialect.MonthNumber(database, "occurred_utc");
        var cohort = SqlDialect.MonthNumber(database, "t.first_purchase_utc");
        return $"""
            SELECT {cohort}, m.bought, COUNT(*)
            FROM (SELECT customer_id, {bought} AS bought FROM ledger
                  WHERE kind = 'Purchase' AND occurred_utc >= @since AND occurred_utc < @until AND {range.Condition("customer_id")}
                  GROUP BY customer_id, {bought}) m
            JOIN customer_totals t ON t.customer_id = m.customer_id
            WHERE {range.Condition("t.customer_id")}
            GROUP BY {cohort}, m.bought
            """;
    }

    /// <summary>
    /// Parameters: @from and @cohort_end (the part of a cohort's month a report starts from), @until. One row per month its
    /// customers bought in before @until: month, buyers.
    /// </summary>
    public static string CohortPart(SqlDatabase database)
    {
        var bought = SqlDialect.MonthNumber(database, "l.occurred_utc");
        return $"""
            SELECT {bought}, COUNT(DISTINCT l.customer_id)
            FROM customer_totals t JOIN ledger l ON l.customer_id = t.customer_id
            WHERE t.first_purchase_utc >= @from AND t.first_purchase_utc < @cohort_end AND l.kind = 'Purchase' AND l.occurred_utc < @until
            GROUP BY {bought}
            """;
    }

    /// <summary>Parameters: @first, @last. The cells kept of the months bought in from @first to @last, for cohorts from @first: bought, cohort, buyers, past_changes.</summary>
    public const string Kept = """
        SELECT bought, cohort, buyers, past_changes FROM cohort_counts
        WHERE bought >= @first AND bought <= @last AND cohort >= @first
        """;

    /// <summary>Drops a month's cells kept from an earlier view of the ledger than @past_changes.</summary>
    public const string Forget = "DELETE FROM cohort_counts WHERE bought = @bought AND past_changes < @past_changes";

    /// <summary>Keeps a cell, unless one from the same or a later view is there.</summary>
    public const string Keep = """
        INSERT INTO cohort_counts (bought, cohort, buyers, past_changes) VALUES (@bought, @cohort, @buyers, @past_changes)
        ON CONFLICT (bought, cohort) DO NOTHING
        """;
}

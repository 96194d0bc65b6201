using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Per-customer purchase totals as the back office reads them, from the <c>customer_totals</c> table the ledger's triggers
/// keep (see <see cref="CustomerTotalsTable"/>): first and last purchase, number of purchases, and net spend (purchases
/// less refunds; a refund lowers spend whichever way its amount is signed). The figures are those of grouping the ledger.
/// </summary>
internal static class CustomerTotalsSql
{
    /// <summary>Net spend of the totals row <paramref name="alias"/> as a number (null without a row).</summary>
    public static string Spend(SqlDatabase database, string alias) => database is PostgresDatabase
        ? $"{alias}.spend"
        : $"{alias}.spend_units / 10000.0";

    /// <summary>
    /// Net spend as sorted and ranked, a column the spend index holds: PostgreSQL's exact sum, SQLite's whole ten-thousandths
    /// (the order of the sums rounded to the ledger's four decimals, as it always was).
    /// </summary>
    public static string SpendRank(SqlDatabase database, string alias) => $"{alias}.{SpendRankColumn(database)}";

    /// <summary>The column of <see cref="SpendRank"/>.</summary>
    public static string SpendRankColumn(SqlDatabase database) => database is PostgresDatabase ? "spend" : "spend_units";

    /// <summary>A value of <see cref="SpendRank"/> read back (a cursor's key) as the column takes it in a parameter.</summary>
    public static object SpendRankParameter(SqlDatabase database, decimal rank) => database is PostgresDatabase
        ? rank
        : decimal.ToInt64(Math.Clamp(decimal.Truncate(rank), long.MinValue, long.MaxValue));

    /// <summary>Customers who bought at least once: customer_id, display_name, last_utc, purchases, spend, spend_rank.</summary>
    public static string Buyers(SqlDatabase database) => $"""
        SELECT t.customer_id, c.display_name, t.last_purchase_utc AS last_utc, t.purchases, {Spend(database, "t")} AS spend,
               {SpendRank(database, "t")} AS spend_rank
        FROM customer_totals t JOIN customers c ON c.customer_id = t.customer_id
        WHERE t.last_purchase_utc IS NOT NULL
        """;
}

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Per-customer purchase totals from the ledger, as one grouped subquery the database evaluates: last purchase, number of
/// purchases, and net spend (purchases less refunds; a refund lowers spend whichever way its amount is signed).
/// </summary>
internal static class CustomerTotalsSql
{
    public const string FirstPurchase = "MIN(CASE WHEN l.kind = 'Purchase' THEN l.occurred_utc END)";

    public const string LastPurchase = "MAX(CASE WHEN l.kind = 'Purchase' THEN l.occurred_utc END)";

    public const string Purchases = "SUM(CASE WHEN l.kind = 'Purchase' THEN 1 ELSE 0 END)";

    public const string Spend = "SUM(CASE WHEN l.kind = 'Purchase' THEN l.amount WHEN l.kind = 'Refund' THEN -ABS(l.amount) ELSE 0 END)";

    /// <summary>
    /// Spend as sorted and ranked: SQLite sums amounts as floating point, where two equal sums may differ in the last bit;
    /// rounded to the ledger's four decimals they compare equal, as the decimals the silo read them as always did.
    /// </summary>
    public static string Ranked(string spend) => $"ROUND({spend}, 4)";

    /// <summary>Customers who bought at least once: customer_id, display_name, last_utc, purchases, spend.</summary>
    public const string Buyers = $"""
        SELECT c.customer_id, c.display_name, {LastPurchase} AS last_utc, {Purchases} AS purchases, {Spend} AS spend
        FROM customers c JOIN ledger l ON l.customer_id = c.customer_id
        GROUP BY c.customer_id, c.display_name
        HAVING {LastPurchase} IS NOT NULL
        """;
}

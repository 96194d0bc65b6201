namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Loading a large ledger in bulk into a new PostgreSQL database (the bench's seeders): the ledger's trigger that keeps
/// <c>customer_totals</c> row by row is off during the load, and the table is filled from the ledger in one statement
/// after it. The same rows as the trigger leaves, each written once: row by row, the 20 M rows of a 10 M-member seed
/// fired the trigger for about 1,000 s at the end of the COPY and left a table with a dead version of most rows.
/// </summary>
public static class CustomerTotalsBulkLoad
{
    /// <summary>
    /// Run before the load, on a database whose ledger and totals are empty. The history it loads is in the past, so the
    /// trigger that counts late purchases for the counts monthly retention and cohorts keep (<see cref="ClosedMonthTables"/>) is
    /// off too: it would count every row on a few counters, and no counts are kept yet for the load to change.
    /// </summary>
    public const string Before = "ALTER TABLE ledger DISABLE TRIGGER customer_totals_added; ALTER TABLE ledger DISABLE TRIGGER late_purchase_booked";

    /// <summary>Run after the load has committed.</summary>
    public const string After = $"""
        TRUNCATE customer_totals; {CustomerTotalsTable.PostgresBackFill}; ALTER TABLE ledger ENABLE TRIGGER customer_totals_added;
        ALTER TABLE ledger ENABLE TRIGGER late_purchase_booked
        """;
}

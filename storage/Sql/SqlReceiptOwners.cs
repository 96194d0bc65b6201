using System.Data.Common;

using RetentionActors.Grains.Storage;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// The <c>receipt_owners</c> table: which customer each till receipt (<c>store/till/yyyy-MM-dd/receipt</c>) was booked
/// for. The key is unique across customers, so a receipt cannot earn for two of them even when two silos race.
/// </summary>
internal static class SqlReceiptOwners
{
    public const string OwnerQuery = "SELECT customer_id FROM receipt_owners WHERE receipt_key = @key";

    /// <summary>Records <paramref name="receiptKey"/> as <paramref name="customerId"/>'s, in the commit's transaction.</summary>
    /// <exception cref="ReceiptOwnedElsewhereException">The receipt is another customer's (who is not named).</exception>
    public static void Claim(GroupCommitWriter writer, string customerId, string receiptKey) =>
        // Already there: this customer's own (a redemption on the receipt of their purchase) counts as claimed, by the
        // no-op update; another customer's changes no row. So the count alone answers, and the statement can be deferred.
        writer.Defer("""
                INSERT INTO receipt_owners (receipt_key, customer_id) VALUES (@key, @customer)
                ON CONFLICT (receipt_key) DO UPDATE SET customer_id = excluded.customer_id WHERE receipt_owners.customer_id = excluded.customer_id
                """)
            .With("key", receiptKey)
            .With("customer", customerId)
            .Run(claimed => claimed == 0 ? new ReceiptOwnedElsewhereException(receiptKey) : null);

    /// <summary>
    /// The schema step that creates the table and fills it from the ledger written before: every till receipt is its
    /// customer's; a receipt that older builds booked for several customers stays with one of them (the lowest id).
    /// </summary>
    /// <param name="dayText">How the engine spells the <c>business_day</c> of a row alias as <c>yyyy-MM-dd</c> text.</param>
    /// <param name="tableOptions">What follows the table definition (SQLite's <c>WITHOUT ROWID</c>).</param>
    public static string CreateTable(Func<string, string> dayText, string tableOptions) => $"""
        CREATE TABLE receipt_owners (
            receipt_key text PRIMARY KEY, -- store/till/yyyy-MM-dd/receipt, as the ledger's keys spell it
            customer_id text NOT NULL
        ){tableOptions};
        INSERT INTO receipt_owners (receipt_key, customer_id)
        SELECT l.store_id || '/' || l.terminal_id || '/' || {dayText("l")} || '/' || l.receipt_id, MIN(l.customer_id)
        FROM ledger AS l
        WHERE l.kind IN ('Purchase', 'Redemption', 'Refund')
          AND l.store_id IS NOT NULL AND l.terminal_id IS NOT NULL AND l.receipt_id IS NOT NULL AND l.business_day IS NOT NULL
        GROUP BY l.store_id || '/' || l.terminal_id || '/' || {dayText("l")} || '/' || l.receipt_id;
        """;
}

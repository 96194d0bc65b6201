namespace RetentionActors.Storage.Sql;

/// <summary>
/// The schema step that moves ledgers written with store + receipt identity (<c>store/receipt/kind</c>) to
/// store + till + business day + receipt (<c>store/till/yyyy-MM-dd/receipt/kind</c>): it fills
/// <c>business_day</c> of till entries with the date the till's clock showed (the stored <c>occurred_at</c>
/// keeps the till's offset, which is also what new code takes when a till names no day), and rewrites the
/// keys built from the receipt — operation keys, ledger keys, bonus keys and the <c>refers_to</c> of
/// returns — so that an old sale sent again is answered as a replay. Set-based, and idempotent: it only
/// touches keys still in the old form, which a new key can never equal (ids hold no '/').
/// </summary>
internal static class ReceiptIdentityMigration
{
    /// <param name="dayText">How the engine spells the <c>business_day</c> of a row alias as <c>yyyy-MM-dd</c> text.</param>
    /// <param name="dayOfTillTime">How the engine turns <c>occurred_at</c> into a <c>business_day</c> value.</param>
    public static string Rewrite(Func<string, string> dayText, string dayOfTillTime) => $"""
        UPDATE ledger SET business_day = {dayOfTillTime}
        WHERE business_day IS NULL AND store_id IS NOT NULL AND terminal_id IS NOT NULL AND receipt_id IS NOT NULL;

        -- Operation keys first: they are found through the ledger keys, which are rewritten last.
        UPDATE operations SET operation_key = old.new_key
        FROM ({OldKeys(dayText)}) AS old
        WHERE operations.customer_id = old.customer_id AND operations.operation_key = old.old_key;

        UPDATE ledger SET refers_to = p.store_id || '/' || p.terminal_id || '/' || {dayText("p")} || '/' || p.receipt_id
        FROM ledger AS p
        WHERE p.customer_id = ledger.customer_id AND p.kind = 'Purchase' AND p.business_day IS NOT NULL
          AND ledger.refers_to = p.store_id || '/' || p.receipt_id;

        UPDATE ledger SET idempotency_key = old.new_key
        FROM ({OldKeys(dayText)}) AS old
        WHERE ledger.customer_id = old.customer_id AND ledger.idempotency_key = old.old_key;
        """;

    // Till entries whose key is still store/receipt/<kind>, with the key they get.
    private static string OldKeys(Func<string, string> dayText) => $"""
        SELECT k.customer_id, k.idempotency_key AS old_key,
               k.store_id || '/' || k.terminal_id || '/' || {dayText("k")} || '/' || k.receipt_id || '/' || k.suffix AS new_key
        FROM (SELECT l.customer_id, l.idempotency_key, l.store_id, l.terminal_id, l.receipt_id, l.business_day,
                     CASE l.kind WHEN 'Purchase' THEN 'purchase' WHEN 'Redemption' THEN 'redemption' WHEN 'Refund' THEN 'refund'
                                 WHEN 'RedemptionReturn' THEN 'redemption-return' WHEN 'Bonus' THEN 'bonus/' || l.reason END AS suffix
              FROM ledger AS l
              WHERE l.store_id IS NOT NULL AND l.terminal_id IS NOT NULL AND l.receipt_id IS NOT NULL AND l.business_day IS NOT NULL) AS k
        WHERE k.idempotency_key = k.store_id || '/' || k.receipt_id || '/' || k.suffix
        """;
}

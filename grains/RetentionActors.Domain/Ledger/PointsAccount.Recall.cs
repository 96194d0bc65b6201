namespace RetentionActors.Domain.Ledger;

// Receipts older than the newest few are forgotten (ReceiptBook): a return or a repeated receipt naming one first reads
// them back from the ledger. Rare, and a read of the customer's own rows; without it memory grew with every purchase.
public sealed partial class PointsAccount
{
    /// <summary>Whether the detail of <paramref name="receiptKey"/> may be on the ledger but not held: recall it before deciding.</summary>
    public bool NeedsRecall(string receiptKey) => _receipts.HasForgotten && !_receipts.Holds(receiptKey);

    /// <summary>
    /// Whether a purchase <paramref name="original"/> names may be on the ledger but not held. Without till and business
    /// day any purchase with its store and receipt number may be the one (or make it ambiguous), so all are recalled.
    /// </summary>
    public bool NeedsRecall(OriginalReceipt original) =>
        _receipts.HasForgotten && (original.TerminalId is not { } till || original.BusinessDay is not { } day
            || !_receipts.Holds(EntryKeys.Receipt(original.StoreId, till, day, original.ReceiptId)));

    /// <summary>Reads back, from this customer's <paramref name="ledger"/>, what it says about <paramref name="receiptKey"/>.</summary>
    public void Recall(IReadOnlyList<LedgerEntry> ledger, string receiptKey) => Recall(ledger, [receiptKey]);

    /// <summary>Reads back, from this customer's <paramref name="ledger"/>, every purchase <paramref name="original"/> may name.</summary>
    public void Recall(IReadOnlyList<LedgerEntry> ledger, OriginalReceipt original) =>
        Recall(ledger, ledger.Where(e => e.Kind == EntryKind.Purchase && e.StoreId == original.StoreId && e.ReceiptId == original.ReceiptId
                && (original.TerminalId is null || e.TerminalId == original.TerminalId)
                && (original.BusinessDay is null || e.BusinessDay == original.BusinessDay))
            .Select(e => e.ReceiptKey!));

    private void Recall(IReadOnlyList<LedgerEntry> ledger, IEnumerable<string> receiptKeys)
    {
        if (ledger.Count != LastSeq || ledger.Count > 0 && ledger[^1].Seq != LastSeq)
        {
            throw new InvalidOperationException($"Recalling from {ledger.Count} ledger entries, but this account has {LastSeq}: read the whole ledger.");
        }
        // Receipts still held are complete; recording their entries again would count them twice.
        var missing = receiptKeys.Where(key => !_receipts.Holds(key)).ToHashSet();
        if (missing.Count == 0)
        {
            return;
        }
        foreach (var entry in ledger)
        {
            _receipts.Record(entry, missing.Contains);
        }
        // Nothing is forgotten here: a recalled purchase must not push out another one the same return may name. The
        // decision's own entries trim the book when they are applied.
    }
}

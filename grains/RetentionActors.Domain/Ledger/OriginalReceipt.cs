namespace RetentionActors.Domain.Ledger;

/// <summary>
/// The purchase a return names, as far as the return knows it: store and receipt always; till and business
/// day when the printed receipt shows them (old tills and history imports do not send them).
/// </summary>
public sealed record OriginalReceipt(string StoreId, string ReceiptId, string? TerminalId = null, DateOnly? BusinessDay = null)
{
    public bool Matches(PurchaseRecord purchase) =>
        purchase.StoreId == StoreId && purchase.ReceiptId == ReceiptId
        && (TerminalId is null || purchase.TerminalId == TerminalId)
        && (BusinessDay is null || purchase.BusinessDay == BusinessDay);

    public override string ToString() =>
        $"store {StoreId} receipt {ReceiptId}{(TerminalId is null ? "" : $" till {TerminalId}")}{(BusinessDay is { } day ? $" of {EntryKeys.Day(day)}" : "")}";
}

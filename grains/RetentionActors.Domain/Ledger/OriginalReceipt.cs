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

    /// <summary>
    /// The receipt key of the named sale when the return gives till and business day; null when only store and number are
    /// known, and any sale with that number may be the one.
    /// </summary>
    public string? ReceiptKey => TerminalId is { } till && BusinessDay is { } day ? EntryKeys.Receipt(StoreId, till, day, ReceiptId) : null;

    /// <summary>The earliest the named sale can have occurred (the start of its business day, UTC); null without the day.</summary>
    public DateTimeOffset? EarliestOccurredAt => BusinessDay is { } day ? new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero) : null;

    public override string ToString() =>
        $"store {StoreId} receipt {ReceiptId}{(TerminalId is null ? "" : $" till {TerminalId}")}{(BusinessDay is { } day ? $" of {EntryKeys.Day(day)}" : "")}";
}

namespace RetentionActors.Domain.Ledger;

/// <summary>Where and when something happened at a till, and with which card.</summary>
public sealed record TillReference(string StoreId, string TerminalId, string ReceiptId, string? CardId, DateTimeOffset OccurredAt);

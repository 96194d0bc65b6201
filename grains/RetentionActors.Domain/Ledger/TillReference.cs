namespace RetentionActors.Domain.Ledger;

/// <summary>
/// Where and when something happened at a till, and with which card. <see cref="BusinessDay"/> is the day
/// the till counts the receipt in; when the till does not say, the date its clock showed (<see cref="OccurredAt"/>
/// in its own offset).
/// </summary>
public sealed record TillReference(string StoreId, string TerminalId, string ReceiptId, string? CardId, DateTimeOffset OccurredAt, DateOnly? BusinessDay = null)
{
    public DateOnly Day => BusinessDay ?? DateOnly.FromDateTime(OccurredAt.DateTime);
}

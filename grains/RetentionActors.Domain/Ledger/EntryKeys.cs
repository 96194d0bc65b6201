using System.Globalization;

namespace RetentionActors.Domain.Ledger;

/// <summary>
/// Idempotency keys from business identity, never from request ids: tills retry with fresh request
/// ids, but a receipt keeps its store, till, business day and number. Tills number receipts per till
/// and start again every day, so all four are needed to tell two sales apart.
/// </summary>
public static class EntryKeys
{
    /// <summary>A receipt as it is printed: <c>store/till/yyyy-MM-dd/receipt</c>.</summary>
    public static string Receipt(string storeId, string terminalId, DateOnly businessDay, string receiptId) =>
        $"{storeId}/{terminalId}/{Day(businessDay)}/{receiptId}";

    public static string Receipt(TillReference till) => Receipt(till.StoreId, till.TerminalId, till.Day, till.ReceiptId);

    public static string For(TillReference till, EntryKind kind) => For(Receipt(till), kind);

    public static string For(string receiptKey, EntryKind kind) => $"{receiptKey}/{Name(kind)}";

    public static string Adjustment(string reference) => $"adjustment/{reference}";

    /// <summary>A bonus is given once per scope (a receipt, a friend, a year) and reason.</summary>
    public static string Bonus(string scope, string reason) => $"{scope}/bonus/{reason}";

    /// <summary>A return takes back a bonus once per return receipt and reason.</summary>
    public static string BonusReversal(TillReference returnTill, string reason) => $"{Receipt(returnTill)}/bonus-reversal/{reason}";

    /// <summary>A lot expires once: the key names it.</summary>
    public static string Expiry(long lotSeq) => $"expiry/{lotSeq}";

    /// <summary>A business day as keys and the ledger's <c>business_day</c> column spell it.</summary>
    public static string Day(DateOnly businessDay) => businessDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Name(EntryKind kind) => kind switch
    {
        EntryKind.Purchase => "purchase",
        EntryKind.Redemption => "redemption",
        EntryKind.Refund => "refund",
        EntryKind.RedemptionReturn => "redemption-return",
        EntryKind.Adjustment => "adjustment",
        EntryKind.Expiry => "expiry",
        EntryKind.Bonus => "bonus",
        EntryKind.BonusReversal => "bonus-reversal",
        EntryKind.OfflineRedemption => "offline-redemption",
        EntryKind.DebtRecovery => "debt-recovery",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

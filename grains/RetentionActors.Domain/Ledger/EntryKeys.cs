namespace RetentionActors.Domain.Ledger;

/// <summary>
/// Idempotency keys from business identity, never from request ids: tills retry with fresh request
/// ids, but a receipt keeps its store and number.
/// </summary>
public static class EntryKeys
{
    public static string Receipt(string storeId, string receiptId) => $"{storeId}/{receiptId}";

    public static string For(string storeId, string receiptId, EntryKind kind) => $"{Receipt(storeId, receiptId)}/{Name(kind)}";

    public static string Adjustment(string reference) => $"adjustment/{reference}";

    /// <summary>A bonus is given once per scope (a receipt, a friend, a year) and reason.</summary>
    public static string Bonus(string scope, string reason) => $"{scope}/bonus/{reason}";

    /// <summary>A lot expires once: the key names it.</summary>
    public static string Expiry(long lotSeq) => $"expiry/{lotSeq}";

    private static string Name(EntryKind kind) => kind switch
    {
        EntryKind.Purchase => "purchase",
        EntryKind.Redemption => "redemption",
        EntryKind.Refund => "refund",
        EntryKind.RedemptionReturn => "redemption-return",
        EntryKind.Adjustment => "adjustment",
        EntryKind.Expiry => "expiry",
        EntryKind.Bonus => "bonus",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

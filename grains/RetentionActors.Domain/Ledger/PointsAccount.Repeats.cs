namespace RetentionActors.Domain.Ledger;

// A receipt sent again: the same sale (a till's retry, an import run twice) or a different one under a number already used.
public sealed partial class PointsAccount
{
    // What each return receipt refunded, for telling a retried return from a different one under the same receipt.
    private readonly Dictionary<string, decimal> _refundedByReturnReceipt = [];

    /// <summary>
    /// Why a till operation under a receipt already on this ledger is not the one that was booked there: a retry says
    /// the same as the booking and is answered as it was, but the same receipt with another amount (or other points) is
    /// a different sale, and taking either figure as the right one would book or hide money. Null when the operation
    /// says what was booked, or nothing of <paramref name="kind"/> is booked under <paramref name="receiptKey"/>.
    /// </summary>
    /// <param name="sent">The amount of a purchase or a return, the points of a redemption.</param>
    public string? DiffersFromBooked(string receiptKey, EntryKind kind, decimal sent)
    {
        var booked = kind switch
        {
            EntryKind.Purchase => _purchases.TryGetValue(receiptKey, out var purchase) ? purchase.Amount : (decimal?)null,
            EntryKind.Redemption => _redeemedByReceipt.TryGetValue(receiptKey, out var points) ? points : null,
            EntryKind.Refund => _refundedByReturnReceipt.TryGetValue(receiptKey, out var refunded) ? refunded : null,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only till operations carry a receipt."),
        };
        if (booked is not { } figure || figure == sent)
        {
            return null;
        }
        var (what, unit) = kind switch
        {
            EntryKind.Purchase => ("a purchase of", ""),
            EntryKind.Redemption => ("a redemption of", " points"),
            _ => ("a return of", ""),
        };
        return $"Receipt {receiptKey} is already recorded as {what} {figure}{unit}; this one says {sent}{unit}. "
            + "A receipt is recorded once: correct the booking in the back office, or send the sale under its own receipt number.";
    }

    private void AddRefund(LedgerEntry entry)
    {
        if (entry.ReceiptKey is { } returnReceipt)
        {
            _refundedByReturnReceipt[returnReceipt] = _refundedByReturnReceipt.GetValueOrDefault(returnReceipt) + entry.Amount;
        }
    }
}

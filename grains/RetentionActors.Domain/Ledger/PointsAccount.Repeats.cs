namespace RetentionActors.Domain.Ledger;

// A receipt sent again: the same sale (a till's retry, an import run twice) or a different one under a number already used.
public sealed partial class PointsAccount
{
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
            EntryKind.Purchase => _receipts.Purchase(receiptKey)?.Amount,
            EntryKind.Redemption => _receipts.Redeemed(receiptKey),
            EntryKind.Refund => _receipts.RefundedBy(receiptKey),
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
}

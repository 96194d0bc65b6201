namespace RetentionActors.Domain.Ledger;

/// <summary>
/// What an accepted return took back, as its answer reports it, and whether it completes the return of the whole
/// purchase: only then are the purchase's unused gift coupons voided, since a gift cannot be given back in part.
/// </summary>
public sealed record RefundTakeBack(long PointsRefunded, long RedemptionReturned, long BonusReversed, bool WholePurchase)
{
    /// <summary>Reads <paramref name="refund"/>, an accepted return of <paramref name="amount"/>.</summary>
    public static RefundTakeBack Of(Decision refund, decimal amount)
    {
        var purchase = refund.Purchase ?? throw new ArgumentException("Only an accepted return names its purchase.", nameof(refund));
        var entries = refund.Entries;
        return new RefundTakeBack(
            -entries.Single(e => e.Kind == EntryKind.Refund).Points,
            entries.Where(e => e.Kind == EntryKind.RedemptionReturn).Sum(e => e.Points),
            -entries.Where(e => e.Kind == EntryKind.BonusReversal).Sum(e => e.Points),
            purchase.Refunded + amount >= purchase.Amount);
    }
}

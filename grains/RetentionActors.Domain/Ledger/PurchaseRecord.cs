namespace RetentionActors.Domain.Ledger;

/// <summary>What a refund needs to know of an earlier purchase.</summary>
public sealed record PurchaseRecord(long Seq, DateTimeOffset OccurredAt, decimal Amount, long PointsEarned, decimal Refunded, long RedemptionReturned, string? CardId = null)
{
    /// <summary>
    /// How much of <paramref name="points"/> belongs to <paramref name="refunded"/> of the purchase amount,
    /// rounded down, so that partial refunds add up to exactly <paramref name="points"/> at a full refund.
    /// </summary>
    public long ShareOf(long points, decimal refunded) => (long)decimal.Floor(points * refunded / Amount);
}

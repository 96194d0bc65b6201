namespace RetentionActors.Domain.Ledger;

/// <summary>What a refund needs to know of an earlier purchase.</summary>
public sealed record PurchaseRecord(long Seq, DateTimeOffset OccurredAt, decimal Amount, long PointsEarned, decimal Refunded, long RedemptionReturned, string? CardId = null)
{
    public string StoreId { get; init; } = "";
    public string TerminalId { get; init; } = "";
    public DateOnly BusinessDay { get; init; }
    public string ReceiptId { get; init; } = "";

    /// <summary>The receipt key (<c>store/till/day/receipt</c>) refunds and returned redemptions refer to.</summary>
    public string ReceiptKey => EntryKeys.Receipt(StoreId, TerminalId, BusinessDay, ReceiptId);

    /// <summary>Campaign bonuses given on this purchase (referral bonuses are not the purchase's and are not listed).</summary>
    public IReadOnlyList<EarnedBonus> CampaignBonuses { get; init; } = [];

    /// <summary>
    /// How much of <paramref name="points"/> belongs to <paramref name="refunded"/> of the purchase amount,
    /// rounded down, so that partial refunds add up to exactly <paramref name="points"/> at a full refund.
    /// </summary>
    public long ShareOf(long points, decimal refunded) => (long)decimal.Floor(points * refunded / Amount);

    /// <summary>What a refund of <paramref name="amount"/> owes of <paramref name="points"/>, after what earlier refunds owed.</summary>
    public long ShareOfRefund(long points, decimal amount) => ShareOf(points, Refunded + amount) - ShareOf(points, Refunded);
}

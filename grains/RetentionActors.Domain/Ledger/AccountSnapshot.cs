namespace RetentionActors.Domain.Ledger;

/// <summary>
/// Everything <see cref="PointsAccount.Replay"/> would rebuild from the ledger up to <see cref="LastSeq"/>, so an activation
/// reads this and the entries after it instead of the whole ledger. Windows are kept as far back as they can be asked
/// (<see cref="PointsAccount.DaysKept"/>, <see cref="PointsAccount.SpendMonthsKept"/>); open lots and the held receipts whole.
/// </summary>
public sealed record AccountSnapshot(
    long LastSeq,
    long Balance,
    long Debt,
    decimal LifetimeSpend,
    int VisitCount,
    DateTimeOffset? FirstPurchaseAt,
    DateTimeOffset? LastPurchaseAt,
    IReadOnlyList<Lot> Lots,
    IReadOnlyList<CardPurchaseTimes> PurchaseTimes,
    IReadOnlyList<DayPoints> EarnedByDay,
    IReadOnlyList<OfflineTillPoints> OfflineRedeemed,
    IReadOnlyList<SpendPoint> Spend,
    ReceiptBookSnapshot Receipts);

/// <summary>A card's purchase times within the hour before its newest: what the velocity limit counts.</summary>
public sealed record CardPurchaseTimes(string CardId, IReadOnlyList<DateTimeOffset> Times);

/// <summary>Points earned on one UTC day: what the daily limit counts.</summary>
public sealed record DayPoints(DateOnly Day, long Points);

/// <summary>Points redeemed offline at one till with one card on one business day (<c>store/till/card/yyyy-MM-dd</c>).</summary>
public sealed record OfflineTillPoints(string Till, long Points);

/// <summary>Net spend at a time (a refund is negative, at its purchase's time); the first point may carry all spend before it.</summary>
public sealed record SpendPoint(DateTimeOffset At, decimal Amount);

/// <summary>
/// The receipts an account holds the detail of, with <see cref="Order"/> the held receipt keys from least to most recently
/// used, and whether any receipt was forgotten (until then, what is not held is not on the ledger).
/// </summary>
public sealed record ReceiptBookSnapshot(
    IReadOnlyList<PurchaseRecord> Purchases,
    IReadOnlyList<ReceiptPoints> Redeemed,
    IReadOnlyList<ReceiptAmount> RefundedByReturn,
    IReadOnlyList<string> Order,
    bool HasForgotten);

/// <summary>Points redeemed under a receipt.</summary>
public sealed record ReceiptPoints(string ReceiptKey, long Points);

/// <summary>What a return receipt refunded.</summary>
public sealed record ReceiptAmount(string ReceiptKey, decimal Amount);

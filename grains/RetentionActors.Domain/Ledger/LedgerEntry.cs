namespace RetentionActors.Domain.Ledger;

/// <summary>
/// One append-only ledger line. <see cref="Points"/> is signed. Entries that take points name the lots
/// they took them from (<see cref="Draws"/>), so replaying the ledger never re-runs a rule.
/// </summary>
public sealed record LedgerEntry
{
    public required long Seq { get; init; }
    public required EntryKind Kind { get; init; }
    public required long Points { get; init; }
    public decimal Amount { get; init; }
    public required long BalanceAfter { get; init; }
    public required string IdempotencyKey { get; init; }
    public string? StoreId { get; init; }
    public string? TerminalId { get; init; }
    public string? ReceiptId { get; init; }
    /// <summary>The till's business day of the receipt, for entries of a till operation.</summary>
    public DateOnly? BusinessDay { get; init; }
    public string? CardId { get; init; }
    /// <summary>For refunds, returned redemptions and bonus reversals: the receipt key (<c>store/till/day/receipt</c>) of the purchase concerned.</summary>
    public string? RefersTo { get; init; }
    /// <summary>The till's clock, as the till gave it.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>The silo's clock when the entry was decided.</summary>
    public required DateTimeOffset RecordedAt { get; init; }
    public string? Reason { get; init; }
    public string? OperatorId { get; init; }
    /// <summary>For manual adjustments above the approval threshold: the second operator who approved it.</summary>
    public string? ApprovedBy { get; init; }
    public IReadOnlyList<LotDraw> Draws { get; init; } = [];
    /// <summary>How the entry moved the customer's debt: an offline redemption's shortfall (positive), a recovery (negative).</summary>
    public long Debt { get; init; }

    /// <summary>The receipt key of a till entry (its business day, or the date of its till time when it has none).</summary>
    public string? ReceiptKey => StoreId is null || TerminalId is null || ReceiptId is null
        ? null
        : EntryKeys.Receipt(StoreId, TerminalId, BusinessDay ?? DateOnly.FromDateTime(OccurredAt.DateTime), ReceiptId);
}

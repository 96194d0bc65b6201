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
    public string? CardId { get; init; }
    /// <summary>For refunds and returned redemptions: the receipt key (<c>store/receipt</c>) of the purchase concerned.</summary>
    public string? RefersTo { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    public string? Reason { get; init; }
    public string? OperatorId { get; init; }
    /// <summary>For manual adjustments above the approval threshold: the second operator who approved it.</summary>
    public string? ApprovedBy { get; init; }
    public IReadOnlyList<LotDraw> Draws { get; init; } = [];
}

namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// One append-only line of a customer's ledger. <see cref="Points"/> is signed; <see cref="Amount"/> is
/// money in the program's currency (purchase or refund amount, value of redeemed points).
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.LedgerEntry")]
public sealed record LedgerEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] LedgerEntryKind Kind,
    [property: Id(2)] long Points,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] long BalanceAfter,
    [property: Id(5)] string IdempotencyKey,
    [property: Id(6)] string? StoreId,
    [property: Id(7)] string? TerminalId,
    [property: Id(8)] string? ReceiptId,
    [property: Id(9)] string? CardId,
    [property: Id(10)] string? RefersTo,
    [property: Id(11)] DateTimeOffset OccurredAt,
    [property: Id(12)] DateTimeOffset RecordedAt,
    [property: Id(13)] string? Reason,
    [property: Id(14)] string? OperatorId)
{
    /// <summary>The till's business day of the receipt, for entries of a till operation.</summary>
    [Id(15)]
    public DateOnly? BusinessDay { get; init; }

    /// <summary>
    /// For a manual adjustment above the program's approval threshold: the second operator who approved it
    /// (<see cref="OperatorId"/> asked for it). Null for every other entry.
    /// </summary>
    [Id(16)]
    public string? ApprovedBy { get; init; }

    /// <summary>How the entry moved the customer's debt: the shortfall of an offline redemption (positive), a recovery (negative).</summary>
    [Id(17)]
    public long Debt { get; init; }
}

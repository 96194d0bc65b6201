using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// Goods returned from the purchase <see cref="OriginalStoreId"/>/<see cref="OriginalReceiptId"/>,
/// rung up as return receipt <see cref="ReceiptId"/> at <see cref="StoreId"/> for <see cref="Amount"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.Refund")]
public sealed record Refund(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] string ReceiptId,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] decimal Amount,
    [property: Id(5)] string OriginalStoreId,
    [property: Id(6)] string OriginalReceiptId) : ITillOperation
{
    public void Validate(DateTimeOffset now)
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.Id(OriginalStoreId, nameof(OriginalStoreId));
        Require.Id(OriginalReceiptId, nameof(OriginalReceiptId));
        Require.PlausibleTime(OccurredAt, now, nameof(OccurredAt));
        Require.PositiveAmount(Amount, nameof(Amount));
    }
}

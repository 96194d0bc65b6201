using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Offline;

/// <summary>
/// Points a till let a card redeem while offline, under <see cref="Allowance"/>, replayed from its outbox. Identified like a
/// redemption by store, till, business day and receipt, so replaying it again books it once.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Offline.OfflineRedemption")]
public sealed record OfflineRedemption(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] string ReceiptId,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] long Points,
    [property: Id(5)] DateOnly BusinessDay,
    [property: Id(6)] OfflineAllowance Allowance) : ITillOperation
{
    public void Validate(DateTimeOffset now)
    {
        new Redemption(StoreId, TerminalId, ReceiptId, OccurredAt, Points) { BusinessDay = BusinessDay }.Validate(now);
        if (Allowance is null)
        {
            throw new InvalidRequestException("An offline redemption carries the allowance it was made under.", nameof(Allowance));
        }
    }
}

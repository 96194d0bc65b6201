using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Ledger;

/// <summary>Points spent against the purchase on receipt <see cref="ReceiptId"/>, at the program's redemption value.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.Redemption")]
public sealed record Redemption(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] string ReceiptId,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] long Points) : ITillOperation
{
    public void Validate(DateTimeOffset now)
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.PlausibleTime(OccurredAt, now, nameof(OccurredAt));
        if (Points is <= 0 or > 1_000_000_000)
        {
            throw new InvalidRequestException($"Points to redeem must be 1 to 1,000,000,000; got {Points}.", nameof(Points));
        }
    }
}

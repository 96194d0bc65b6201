using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// Points spent against the purchase on receipt <see cref="ReceiptId"/>, at the program's redemption value.
/// Store, till, business day and receipt identify it, as they identify a purchase.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.Redemption")]
public sealed record Redemption(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] string ReceiptId,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] long Points) : ITillOperation
{
    /// <summary>The day the till counts the receipt in; null: the date of <see cref="OccurredAt"/> in its own offset.</summary>
    [Id(5)]
    public DateOnly? BusinessDay { get; init; }

    /// <summary><see cref="BusinessDay"/>, or the date the till's clock showed.</summary>
    public DateOnly Day => BusinessDay ?? TillDay.Of(OccurredAt);

    public void Validate(DateTimeOffset now)
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.RecentTillTime(OccurredAt, now, nameof(OccurredAt));
        Require.BusinessDay(BusinessDay, OccurredAt, nameof(BusinessDay));
        if (Points is <= 0 or > 1_000_000_000)
        {
            throw new InvalidRequestException($"Points to redeem must be 1 to 1,000,000,000; got {Points}.", nameof(Points));
        }
    }
}

using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// Goods returned from an earlier purchase, rung up as return receipt <see cref="ReceiptId"/> at
/// <see cref="StoreId"/> for <see cref="Amount"/>. The purchase is named as its printed receipt shows it:
/// <see cref="OriginalStoreId"/>, <see cref="OriginalTerminalId"/>, <see cref="OriginalBusinessDay"/> and
/// <see cref="OriginalReceiptId"/>. Old tills and history imports give store and receipt only; the silo
/// then takes the one purchase of that customer that matches, and declines when several do.
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
    /// <summary>The day the till counts the return receipt in; null: the date of <see cref="OccurredAt"/> in its own offset.</summary>
    [Id(7)]
    public DateOnly? BusinessDay { get; init; }

    /// <summary>The till that rang up the returned purchase, when known.</summary>
    [Id(8)]
    public string? OriginalTerminalId { get; init; }

    /// <summary>The business day of the returned purchase, when known.</summary>
    [Id(9)]
    public DateOnly? OriginalBusinessDay { get; init; }

    /// <summary><see cref="BusinessDay"/>, or the date the till's clock showed.</summary>
    public DateOnly Day => BusinessDay ?? TillDay.Of(OccurredAt);

    public void Validate(DateTimeOffset now)
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.Id(OriginalStoreId, nameof(OriginalStoreId));
        Require.Id(OriginalReceiptId, nameof(OriginalReceiptId));
        if (OriginalTerminalId is not null)
        {
            Require.Id(OriginalTerminalId, nameof(OriginalTerminalId));
        }
        Require.RecentTillTime(OccurredAt, now, nameof(OccurredAt));
        Require.BusinessDay(BusinessDay, OccurredAt, nameof(BusinessDay));
        Require.PositiveAmount(Amount, nameof(Amount));
        if (OriginalBusinessDay is { } day && (day.Year < 2000 || day > Day.AddDays(1)))
        {
            throw new InvalidRequestException($"{nameof(OriginalBusinessDay)} {TillDay.Text(day)} is not a day a purchase returned on {TillDay.Text(Day)} can have.",
                nameof(OriginalBusinessDay));
        }
    }
}

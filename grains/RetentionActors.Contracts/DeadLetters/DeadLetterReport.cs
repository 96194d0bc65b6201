using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.DeadLetters;

/// <summary>
/// A sale a till keeps as a dead letter, as the till holds it: the card, the purchase as rung up (its till time,
/// receipt identity, amount and lines), why the silo refused it (the terminal's reason code, such as
/// <c>tillClockSkew</c>, <c>unknownCard</c>, <c>invalid</c> or <c>error</c>), since when and after how many attempts.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.DeadLetters.DeadLetterReport")]
public sealed record DeadLetterReport(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] string CardId,
    [property: Id(3)] Purchase Purchase,
    [property: Id(4)] string ReasonCode,
    [property: Id(5)] string Message,
    [property: Id(6)] DateTimeOffset Since,
    [property: Id(7)] int Attempts) : ITillOperation
{
    /// <summary>How far the silo found the till's clock off when it declined the sale for it (positive: ahead).</summary>
    [Id(8)]
    public TimeSpan? ClockSkew { get; init; }

    /// <summary>
    /// Checks what identifies the letter. The purchase itself is not validated: a sale refused as malformed is a dead
    /// letter too, and must be reportable as it is.
    /// </summary>
    public void Validate()
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        ArgumentNullException.ThrowIfNull(Purchase);
        Require.Id(Purchase.ReceiptId, "Purchase.ReceiptId");
        if (Purchase.ClockCorrection is not null)
        {
            throw new InvalidRequestException("A till reports the sale as it rang it up, without a clock correction.", "Purchase.ClockCorrection");
        }
        if (Purchase.StoreId != StoreId || Purchase.TerminalId != TerminalId)
        {
            throw new InvalidRequestException($"The purchase was rung up at {Purchase.StoreId}/{Purchase.TerminalId}, not at {StoreId}/{TerminalId}.", nameof(Purchase));
        }
        if (!Cards.CardId.TryParse(CardId, out _, out var error))
        {
            throw new InvalidRequestException(error, nameof(CardId));
        }
        Require.Id(ReasonCode, nameof(ReasonCode));
        Require.Text(Message, nameof(Message), 2000);
        if (Attempts < 0)
        {
            throw new InvalidRequestException("Attempts cannot be negative.", nameof(Attempts));
        }
    }
}

namespace RetentionActors.Contracts.DeadLetters;

/// <summary>
/// What an operator changes before booking a dead letter: the sale's time (by the till's measured clock skew, with
/// <see cref="UndoClockSkew"/>, or by <see cref="ShiftMinutes"/>), the card, the amount. Nothing set books it as it is.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.DeadLetters.DeadLetterCorrection")]
public sealed record DeadLetterCorrection(
    [property: Id(0)] DateOnly BusinessDay,
    [property: Id(1)] string ReceiptId,
    [property: Id(2)] string OperatorName)
{
    /// <summary>Moves the sale's time back by the skew the silo measured on the till's clock.</summary>
    [Id(3)]
    public bool UndoClockSkew { get; init; }

    /// <summary>Minutes added to the sale's time (negative: earlier); not with <see cref="UndoClockSkew"/>.</summary>
    [Id(4)]
    public long? ShiftMinutes { get; init; }

    /// <summary>The card to book it on instead (a mistyped or replaced card).</summary>
    [Id(5)]
    public string? CardId { get; init; }

    /// <summary>The amount to book instead (a typo on the till); the receipt's lines are then left out.</summary>
    [Id(6)]
    public decimal? Amount { get; init; }

    public void Validate()
    {
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.Text(OperatorName, nameof(OperatorName), 64);
        if (UndoClockSkew && ShiftMinutes is not null)
        {
            throw new InvalidRequestException("Give either undoClockSkew or shiftMinutes, not both.", nameof(ShiftMinutes));
        }
        if (ShiftMinutes is { } shift && (shift is 0 or > 366L * 24 * 60 or < -366L * 24 * 60))
        {
            throw new InvalidRequestException("shiftMinutes is non-zero and at most a year either way.", nameof(ShiftMinutes));
        }
        if (CardId is not null && !Cards.CardId.TryParse(CardId, out _, out var error))
        {
            throw new InvalidRequestException(error, nameof(CardId));
        }
        if (Amount is { } amount)
        {
            Require.PositiveAmount(amount, nameof(Amount));
        }
    }
}

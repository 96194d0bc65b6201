namespace RetentionActors.Terminal.Checkout;

/// <summary>A card read: the card is a customer's, with where they stand, their offline allowance at this till and the campaigns running now.</summary>
public sealed record KnownCardAnswer(string CardId, string Status, Standing Customer, Holdings Holds) : DeskAnswer
{
    public override string Event => AnswerEvents.Card;

    /// <summary>Points the card may still redeem offline today at this till.</summary>
    public long? OfflineAllowance { get; init; }

    public IReadOnlyList<string> Offers { get; init; } = [];
}

/// <summary>A card read: the card is nobody's the till may serve (unissued, blocked, replaced...), with the silo's reason when it gave one.</summary>
public sealed record UnknownCardAnswer(string CardId, string Status, string? Reason, string? Message) : DeskAnswer
{
    public override string Event => AnswerEvents.Card;
}

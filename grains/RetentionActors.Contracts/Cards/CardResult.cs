namespace RetentionActors.Contracts.Cards;

/// <summary>The answer to a card lifecycle command: the card as it now is, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Cards.CardResult")]
public sealed record CardResult(
    [property: Id(0)] CardInfo Card,
    [property: Id(1)] Decline? Declined)
{
    public bool IsAccepted => Declined is null;
}

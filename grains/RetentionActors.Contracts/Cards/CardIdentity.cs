using RetentionActors.Contracts.Customers;

namespace RetentionActors.Contracts.Cards;

/// <summary>What a till shows after a tap or swipe: the card, and its customer when the card is usable.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Cards.CardIdentity")]
public sealed record CardIdentity(
    [property: Id(0)] CardInfo Card,
    [property: Id(1)] CustomerSummary? Customer,
    [property: Id(2)] Decline? Declined)
{
    public bool IsAccepted => Declined is null;
}

using RetentionActors.Contracts.Cards;

namespace RetentionActors.Terminal.Modes;

/// <summary>A new card was read in the middle of a prompt: the operation in progress is dropped for the new card.</summary>
public sealed class CardSwitchedException(CardId card) : Exception($"Card {card} was read.")
{
    public CardId Card { get; } = card;
}

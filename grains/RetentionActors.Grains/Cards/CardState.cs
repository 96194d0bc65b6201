using RetentionActors.Contracts.Cards;

namespace RetentionActors.Grains.Cards;

/// <summary>A card's durable state.</summary>
public sealed class CardState
{
    public CardStatus Status { get; set; }
    public string? CustomerId { get; set; }
    public string? ReplacedBy { get; set; }
    public string? BlockReason { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
}

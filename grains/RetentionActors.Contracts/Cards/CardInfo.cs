namespace RetentionActors.Contracts.Cards;

/// <summary>What the system knows of one card.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Cards.CardInfo")]
public sealed record CardInfo(
    [property: Id(0)] string CardId,
    [property: Id(1)] CardStatus Status,
    [property: Id(2)] string? CustomerId,
    [property: Id(3)] string? ReplacedBy,
    [property: Id(4)] string? BlockReason,
    [property: Id(5)] DateTimeOffset? ChangedAt);

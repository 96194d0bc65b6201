namespace RetentionActors.Contracts.Cards;

/// <summary>
/// How a <see cref="CardId"/> crosses the wire: its canonical text. Orleans serializes this in the card id's place
/// (<see cref="CardIdConverter"/>), so a card id read off the wire has gone through <see cref="CardId.Parse"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Cards.CardIdSurrogate")]
public readonly record struct CardIdSurrogate([property: Id(0)] string Value);

/// <summary>
/// Converts a <see cref="CardId"/> to its surrogate and back. Reading parses: a malformed id from the wire fails the
/// call's deserialization (<see cref="InvalidRequestException"/>) and never becomes a <see cref="CardId"/>.
/// </summary>
[RegisterConverter]
public sealed class CardIdConverter : IConverter<CardId, CardIdSurrogate>
{
    public CardId ConvertFromSurrogate(in CardIdSurrogate surrogate) => CardId.Parse(surrogate.Value);

    public CardIdSurrogate ConvertToSurrogate(in CardId value) => new(value.ToString());
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RetentionActors.Contracts.Cards;

namespace RetentionActors.Grains.Tests.Wire;

/// <summary>
/// A card id crosses the wire as its canonical text and is parsed again when read, so a grain that takes a
/// <see cref="CardId"/> gets one that <see cref="CardId.Parse"/> accepted, whoever sent the bytes.
/// </summary>
public sealed class CardIdWireTests
{
    private static readonly Serializer s_serializer = ContractSerialization.Services.GetRequiredService<Serializer>();

    [Theory]
    [InlineData("nfc:04A1B2C3D4E5F6")]
    [InlineData("mag:6001234567890")]
    [InlineData("bar:MEMBER-00042")]
    public void A_card_id_read_off_the_wire_is_the_one_written(string text)
    {
        var id = CardId.Parse(text);

        var read = s_serializer.Deserialize<CardId>(s_serializer.SerializeToArray(id));
        var readNullable = s_serializer.Deserialize<CardId?>(s_serializer.SerializeToArray<CardId?>(id));

        Assert.Equal(id, read);
        Assert.Equal(id, readNullable);
        Assert.Null(s_serializer.Deserialize<CardId?>(s_serializer.SerializeToArray<CardId?>(null)));
    }

    [Fact]
    public void On_the_wire_a_card_id_is_its_surrogate_holding_the_canonical_text()
    {
        var written = s_serializer.SerializeToArray(CardId.Parse("NFC:04a1b2c3"));

        Assert.Equal(s_serializer.SerializeToArray(new CardIdSurrogate("nfc:04A1B2C3")), written);
    }

    // The bytes a sender that skipped the parse (or forged the message) would write in a card id's place: nothing, no
    // scheme, a UID too short, a bank card's number (CardIdTests has the parse's whole list).
    [Theory]
    [InlineData(null)]
    [InlineData("04A1B2C3")]
    [InlineData("nfc:04A1B2")]
    [InlineData("mag:4111111111111111")]
    public void A_malformed_card_id_from_the_wire_is_refused_and_never_becomes_a_card_id(string? text)
    {
        var forged = s_serializer.SerializeToArray(new CardIdSurrogate(text!));

        var refused = Assert.Throws<InvalidRequestException>(() => s_serializer.Deserialize<CardId>(forged));

        Assert.Equal("CardId", refused.ParamName);
        Assert.DoesNotContain("4111111111111111", refused.Message, StringComparison.Ordinal);
    }
}

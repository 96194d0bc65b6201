using RetentionActors.Contracts;
using RetentionActors.Contracts.Cards;

namespace RetentionActors.Domain.Tests;

public sealed class CardIdTests
{
    [Theory]
    [InlineData("nfc:04A1B2C3D4E5F6", "nfc:04A1B2C3D4E5F6")]
    [InlineData("NFC:04a1b2c3", "nfc:04A1B2C3")]
    [InlineData(" mag:6001234567890 ", "mag:6001234567890")]
    [InlineData("bar:4006381333931", "bar:4006381333931")]
    [InlineData("bar:MEMBER-00042", "bar:MEMBER-00042")]
    public void Valid_ids_parse_to_their_canonical_form(string text, string canonical)
    {
        Assert.Equal(canonical, CardId.Parse(text).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("04A1B2C3")]
    [InlineData("nfc:04A1B2")]
    [InlineData("nfc:04A1B2C3D4E5FZ")]
    [InlineData("mag:12345")]
    [InlineData("mag:60012345678901234567")]
    [InlineData("bar:ab")]
    [InlineData("bar:has space")]
    [InlineData("pan:4111111111111111")]
    public void Malformed_ids_are_refused_with_a_reason(string? text)
    {
        Assert.False(CardId.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
        Assert.Equal("CardId", Assert.Throws<InvalidRequestException>(() => CardId.Parse(text)).ParamName);
    }

    [Fact]
    public void Garbage_bytes_are_not_echoed_back()
    {
        Assert.False(CardId.TryParse("bar:\u0002\u001b[31m" + new string('x', 100), out _, out var error));

        Assert.DoesNotContain('\u001b', error);
        Assert.True(error.Length < 160, error);
    }
}

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

    [Theory]
    [InlineData("mag:4111111111111111")] // Visa
    [InlineData("bar:5555555555554444")] // Mastercard
    [InlineData("mag:2223003122003222")] // Mastercard 2-series
    [InlineData("bar:378282246310005")]  // American Express
    [InlineData("mag:6011111111111117")] // Discover
    [InlineData("mag:3530111333300000")] // JCB
    [InlineData("mag:6759649826438453")] // Maestro
    public void A_payment_card_number_is_refused_in_any_scheme_without_repeating_it(string text)
    {
        Assert.False(CardId.TryParse(text, out _, out var error));
        Assert.Equal(CardId.PaymentCardRefusal, error);
        Assert.DoesNotContain(text[4..], Assert.Throws<InvalidRequestException>(() => CardId.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mag:4111111111111112")] // a Visa prefix, but the Luhn digit is wrong
    [InlineData("mag:6001234567890128")] // Luhn-valid, but no card scheme issues 600…
    [InlineData("mag:411111111111")]     // 12 digits: too short for a payment card
    public void A_number_that_is_not_a_payment_card_stays_a_loyalty_card(string text)
    {
        Assert.True(CardId.TryParse(text, out _, out var error), error);
    }

    [Fact]
    public void Garbage_bytes_are_not_echoed_back()
    {
        Assert.False(CardId.TryParse("bar:\u0002\u001b[31m" + new string('x', 100), out _, out var error));

        Assert.DoesNotContain('\u001b', error);
        Assert.True(error.Length < 160, error);
    }
}

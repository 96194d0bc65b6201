using RetentionActors.Contracts.Cards;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;

namespace RetentionActors.Terminal.Tests.Readers;

public sealed class CardDataClassifierTests
{
    private static readonly CardDataClassifier Classifier = new(OwnCardRanges.None);

    [Theory]
    [InlineData(";6001234567890?", "mag:6001234567890")]
    [InlineData("%A6001234567890^HOPPER/GRACE^?", "mag:6001234567890")]
    [InlineData("%A6001234567890^HOPPER/GRACE^?;6001234567890?", "mag:6001234567890")]
    [InlineData("%E?;6001234567890?", "mag:6001234567890")]
    [InlineData(";6001234567890=?", "mag:6001234567890")]
    [InlineData("4006381333931", "bar:4006381333931")]
    [InlineData("  ABC-123  ", "bar:ABC-123")]
    public void Loyalty_tracks_and_barcodes_become_card_ids(string read, string expected)
    {
        var result = Classifier.Classify(read);

        Assert.Equal(ReaderEventKind.Card, result.Kind);
        Assert.Equal(expected, result.Card.ToString());
    }

    [Theory]
    [InlineData("%B6009123456789012^LOYALTY/TEST^2912101?;6009123456789012=2912101?")]
    [InlineData("%B6009123456789012^LOYALTY/TEST^2912101?")]
    [InlineData(";4111111111111111=2912101123?")]
    [InlineData("4111111111111111=29121011")]
    [InlineData("B4111111111111111^CARDHOLDER/A^2912101")]
    [InlineData(";5555555555554444=3001?")]
    public void Bank_card_data_is_refused_without_echoing_it(string read)
    {
        var result = Classifier.Classify(read);

        Assert.Equal(ReaderEventKind.Refused, result.Kind);
        Assert.Equal(RefusalReasons.BankCard, result.Reason);
        Assert.Null(result.Card);
        Assert.DoesNotContain(result.Reason!, char.IsAsciiDigit);
    }

    [Fact]
    public void A_Luhn_valid_number_with_expiry_inside_the_programs_own_range_is_a_loyalty_card()
    {
        var classifier = new CardDataClassifier(new OwnCardRanges(["600012"]));

        var result = classifier.Classify(";6000123456789012=2912101?");

        Assert.Equal("mag:6000123456789012", result.Card.ToString());
    }

    [Fact]
    public void A_card_schemes_number_is_a_bank_card_even_inside_the_programs_own_range()
    {
        var classifier = new CardDataClassifier(new OwnCardRanges(["411111"]));

        var result = classifier.Classify(";4111111111111111=2912101?");

        Assert.Null(result.Card);
        Assert.Equal(RefusalReasons.BankCard, result.Reason);
    }

    [Fact]
    public void Ranges_the_program_adds_later_make_its_cards_ours()
    {
        var ranges = new OwnCardRanges([]);
        var classifier = new CardDataClassifier(ranges);

        var before = classifier.Classify(";6000123456789012=2912101?");
        ranges.Add(["600012"]);
        var after = classifier.Classify(";6000123456789012=2912101?");

        Assert.Null(before.Card);
        Assert.Equal("mag:6000123456789012", after.Card?.ToString());
    }

    [Fact]
    public void A_Luhn_invalid_number_with_an_expiry_is_not_taken_for_a_bank_card()
    {
        var result = Classifier.Classify(";4111111111111112=2912101?");

        Assert.Equal("mag:4111111111111112", result.Card.ToString());
    }

    [Theory]
    [InlineData(";E?")]
    [InlineData("%E?")]
    [InlineData("%?")]
    [InlineData(";60012A4567890?")]
    [InlineData("??\u00ff??")]
    [InlineData("a b c")]
    [InlineData("")]
    [InlineData("nfc:04A1B2C3D4E5F6")]
    public void Unreadable_or_garbage_reads_are_refused_as_unreadable(string read)
    {
        var result = Classifier.Classify(read);

        Assert.Equal(ReaderEventKind.Refused, result.Kind);
        Assert.Equal(RefusalReasons.Unreadable, result.Reason);
    }

    [Theory]
    [InlineData("nfc:04a1b2c3d4e5f6", "nfc:04A1B2C3D4E5F6")]
    [InlineData("mag:6001234567890", "mag:6001234567890")]
    [InlineData("bar:4006381333931", "bar:4006381333931")]
    public void Typed_ids_may_name_their_scheme_on_the_keyboard(string typed, string expected)
    {
        var result = Classifier.Classify(typed, acceptSchemePrefix: true);

        Assert.Equal(expected, result.Card.ToString());
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("5555555555554444", true)]
    [InlineData("79927398713", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("41111x1111111111", false)]
    [InlineData("", false)]
    public void Luhn_checks_the_mod_10_digit(string number, bool valid) => Assert.Equal(valid, PaymentCardNumber.IsLuhnValid(number));
}

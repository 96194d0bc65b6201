using RetentionActors.Terminal.Readers.Pn532;

namespace RetentionActors.Terminal.Tests.Pn532;

public sealed class NdefMemberNumberTests
{
    [Theory]
    [InlineData("mag:6001234567890", "mag:6001234567890")]
    [InlineData("bar:4006381333931", "bar:4006381333931")]
    [InlineData("6001234567890", "mag:6001234567890")]
    public void A_text_record_holding_a_card_id_or_member_number_names_the_card(string text, string expected)
    {
        var memory = Type2Tags.Memory(Type2Tags.TextRecord(text));

        Assert.Equal(expected, NdefMemberNumber.FromTagMemory(Type2Tags.FromPage4(memory)).ToString());
    }

    [Fact]
    public void A_URI_record_ending_in_a_member_number_names_the_card()
    {
        var memory = Type2Tags.Memory(Type2Tags.HttpsRecord("example.com/c/6001234567890"));

        Assert.Equal("mag:6001234567890", NdefMemberNumber.FromTagMemory(Type2Tags.FromPage4(memory)).ToString());
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("12345")]
    [InlineData("visa:4111111111111111")]
    public void Text_that_is_no_member_number_falls_back_to_the_UID(string text)
    {
        var memory = Type2Tags.Memory(Type2Tags.TextRecord(text));

        Assert.Null(NdefMemberNumber.FromTagMemory(Type2Tags.FromPage4(memory)));
    }

    [Fact]
    public void Blank_or_garbage_memory_falls_back_to_the_UID()
    {
        Assert.Null(NdefMemberNumber.FromTagMemory(new byte[160]));
        Assert.Null(NdefMemberNumber.FromTagMemory([0x03, 0x30, 0xD1, 0xFF, 0xFF, 0xFE]));
    }
}

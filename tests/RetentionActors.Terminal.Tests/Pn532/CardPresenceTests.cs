using RetentionActors.Terminal.Readers.Pn532;

namespace RetentionActors.Terminal.Tests.Pn532;

public sealed class CardPresenceTests
{
    [Fact]
    public void A_card_left_on_the_reader_is_reported_once_and_again_only_after_it_was_taken_away()
    {
        var presence = new CardPresence();

        var seen = new[] { "A", "A", "A", null, "A", null, null, null, "A", "B", "B" }.Select(presence.Observe).ToList();

        Assert.Equal(["A", null, null, null, null, null, null, null, "A", "B", null], seen);
    }
}

using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>
/// The background drain may send a purchase between its queueing and the drain of the desk that rings it up: the desk
/// then answers what the silo said, not "queued" (which would send the POS looking for a sale that was booked).
/// </summary>
public sealed class BackgroundDrainRaceTests
{
    [Fact]
    public async Task A_purchase_the_background_drain_sent_first_is_answered_with_what_the_silo_said()
    {
        var silo = new ScriptedSilo();
        var (_, outbox, replayer) = Desks.Create(silo);
        var replayed = new List<DeskAnswer>();
        replayer.Replayed = replayed.Add;
        var now = DateTimeOffset.UtcNow;

        var sequence = outbox.Enqueue("mag:6012345678901", new Purchase("store-1", "till-1", "r-1", now, 12m), now);
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken); // the background tick wins the race
        var answer = await replayer.DrainAsync(sequence, TestContext.Current.CancellationToken);
        var again = await replayer.DrainAsync(sequence, TestContext.Current.CancellationToken);

        Assert.Equal((AnswerEvents.Accrued, 12L, "r-1"), (answer!.Event, answer.Line().PointsEarned, answer.Line().ReceiptId));
        Assert.Equal("r-1", Assert.Single(replayed).Line().ReceiptId);
        Assert.Null(again); // given once
        Assert.Equal(1, Assert.Single(silo.Booked).Value);
        Assert.Equal(0, outbox.Count());
    }
}

using System.Diagnostics;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>
/// The background drain may send a purchase between its queueing and the drain of the desk that rings it up: the desk
/// then answers what the silo said, not "queued" (which would send the POS looking for a sale that was booked).
/// Timing-sensitive: the races are played with the silo's answers held for parts of the call timeout.
/// </summary>
[Collection(TimingSensitive.Name)]
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

    [Fact]
    public async Task A_purchase_the_background_drain_is_still_sending_when_its_own_drain_stops_waiting_is_answered_accrued()
    {
        // As when a silo dies: the background drain's call of this sale waits longer than half the call timeout, then the
        // silo that took it over books it. The desk's own drain must not have answered "queued" meanwhile.
        var silo = new ScriptedSilo { CallTimeout = TimeSpan.FromSeconds(10) };
        silo.Hanging.Add("r-1");
        var (_, outbox, replayer) = Desks.Create(silo);
        var now = DateTimeOffset.UtcNow;
        var sequence = outbox.Enqueue("mag:6012345678901", new Purchase("store-1", "till-1", "r-1", now, 12m), now);
        var background = replayer.DrainAsync(null, TestContext.Current.CancellationToken); // sending r-1, no answer yet

        var own = replayer.DrainAsync(sequence, TestContext.Current.CancellationToken);
        await Task.Delay(silo.CallTimeout / 2 + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.False(own.IsCompleted, "the desk's drain answered before the background drain had an answer");
        silo.Unhang.SetResult(); // booked, 4 s before the desk's drain would give up
        var answer = await own.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await background;

        Assert.Equal((AnswerEvents.Accrued, 12L, "r-1"), (answer!.Event, answer.Line().PointsEarned, answer.Line().ReceiptId));
        Assert.Equal(1, Assert.Single(silo.Booked).Value);
        Assert.Equal(0, outbox.Count());
    }

    [Fact]
    public async Task Points_to_redeem_with_a_sale_the_background_drain_booked_late_are_answered_within_the_call_timeout()
    {
        // The background drain books the sale (without the redemption) near the end of the call timeout; the desk then asks
        // for the redemption on its own, and the silo does not answer it. The cashier must still be answered in time.
        var silo = new ScriptedSilo { CallTimeout = TimeSpan.FromSeconds(4), RedemptionsHang = true };
        silo.Hanging.Add("r-1");
        var (desk, outbox, replayer) = Desks.Create(silo);
        var card = CardId.Parse("mag:6012345678901");
        var now = DateTimeOffset.UtcNow;
        var day = DateOnly.FromDateTime(now.LocalDateTime).AddDays(-1); // the POS still counts yesterday
        outbox.Enqueue(card.ToString(), new Purchase("store-1", "till-1", "r-1", now, 12m) { BusinessDay = day }, now);
        var background = replayer.DrainAsync(null, TestContext.Current.CancellationToken); // sending r-1, no answer yet
        await silo.HangStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        var selling = desk.PurchaseAsync(card, "r-1", 12m, null, TestContext.Current.CancellationToken, day, pointsToRedeem: 10);
        await Task.Delay(silo.CallTimeout * 0.85, TestContext.Current.CancellationToken);
        silo.Unhang.SetResult(); // booked, with little of the desk's call timeout left for the redemption
        var answer = await selling.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var took = clock.Elapsed;
        await background;

        Assert.Equal((AnswerEvents.Accrued, "r-1"), (answer.Event, answer.Line().ReceiptId));
        Assert.True(took < silo.CallTimeout + TimeSpan.FromSeconds(2), $"answered after {took.TotalSeconds:F1} s; the call timeout is {silo.CallTimeout.TotalSeconds} s");
        Assert.Equal(("r-1", day), (Assert.Single(silo.Redemptions).ReceiptId, silo.Redemptions[0].Day)); // asked, on the sale's receipt
        var redemption = (DeclinedAnswer)((AccruedAnswer)answer).Redemption!; // no allowance held: not redeemed offline either
        Assert.Equal(DeclineReasons.Offline, redemption.Reason);
        Assert.Equal(1, Assert.Single(silo.Booked).Value);
    }
}

using System.Diagnostics;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
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
    public async Task Points_to_redeem_with_a_sale_the_background_drain_booked_late_are_asked_in_what_is_left_of_the_call_timeout()
    {
        // The background drain books the sale (without the redemption) at 60 % of the call timeout; the desk then asks for
        // the redemption on its own, and the silo does not answer it. The cashier must still be answered in time, and told
        // the redemption may be booked.
        var race = await LateBookedSaleAsync(bookedAt: 0.6, withAllowance: false);

        Assert.True(race.Took < race.Silo.CallTimeout + TimeSpan.FromSeconds(2), $"answered after {race.Took.TotalSeconds:F1} s; the call timeout is {race.Silo.CallTimeout.TotalSeconds} s");
        Assert.Equal(("r-1", race.Day), (Assert.Single(race.Silo.Redemptions).ReceiptId, race.Silo.Redemptions[0].Day)); // on the sale's receipt
        var redemption = (DeclinedAnswer)race.Answer.Redemption!; // no allowance held: not redeemed offline either
        Assert.Equal(DeclineReasons.Offline, redemption.Reason);
        Assert.Contains("If it took this before it stopped answering, it is done: send it again as it was", redemption.Message);
    }

    [Fact]
    public async Task Points_to_redeem_with_a_sale_booked_too_late_to_ask_the_silo_are_redeemed_offline_under_the_allowance()
    {
        // Booked at 90 % of the call timeout: a redemption asked in the 10 % left would most likely be cut off, leaving it
        // unknown whether the points were taken. It is not asked; the allowance covers it, on the sale's receipt.
        var race = await LateBookedSaleAsync(bookedAt: 0.9, withAllowance: true);

        Assert.True(race.Took < race.Silo.CallTimeout + TimeSpan.FromSeconds(2), $"answered after {race.Took.TotalSeconds:F1} s; the call timeout is {race.Silo.CallTimeout.TotalSeconds} s");
        Assert.Empty(race.Silo.Redemptions);
        var redemption = Assert.IsType<OfflineRedeemedAnswer>(race.Answer.Redemption);
        Assert.Equal(("r-1", 10L), (redemption.ReceiptId, redemption.PointsRedeemed));
        var queued = Assert.Single(race.Outbox.PendingOfflineRedemptions());
        Assert.Equal(("r-1", race.Day), (queued.Redemption.ReceiptId, queued.Redemption.BusinessDay));
    }

    private sealed record LateBookedSale(ScriptedSilo Silo, PurchaseOutbox Outbox, AccruedAnswer Answer, TimeSpan Took, DateOnly Day);

    // A sale with 10 points to redeem, rung up while the background drain is sending it to a silo that books it at
    // bookedAt × the call timeout and never answers redemptions; the POS counts yesterday as its business day.
    private static async Task<LateBookedSale> LateBookedSaleAsync(double bookedAt, bool withAllowance)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var silo = new ScriptedSilo { CallTimeout = TimeSpan.FromSeconds(4), RedemptionsHang = true };
        silo.Hanging.Add("r-1");
        var (desk, outbox, replayer) = Desks.Create(silo);
        var card = CardId.Parse("mag:6012345678901");
        var now = DateTimeOffset.UtcNow;
        var day = DateOnly.FromDateTime(now.LocalDateTime).AddDays(-1);
        if (withAllowance)
        {
            Allowances.KeepSigned(outbox, card.ToString(), now);
        }
        outbox.Enqueue(card.ToString(), new Purchase("store-1", "till-1", "r-1", now, 12m) { BusinessDay = day }, now);
        var background = replayer.DrainAsync(null, cancellation); // sending r-1, no answer yet
        await silo.HangStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellation);

        var clock = Stopwatch.StartNew();
        var selling = desk.PurchaseAsync(card, "r-1", 12m, null, cancellation, day, pointsToRedeem: 10);
        await Task.Delay(silo.CallTimeout * bookedAt, cancellation);
        silo.Unhang.SetResult();
        var answer = await selling.WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        var took = clock.Elapsed;
        await background;

        Assert.Equal((AnswerEvents.Accrued, "r-1"), (answer.Event, answer.Line().ReceiptId));
        Assert.Equal(1, Assert.Single(silo.Booked).Value);
        return new LateBookedSale(silo, outbox, (AccruedAnswer)answer, took, day);
    }
}

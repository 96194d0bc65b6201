using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>
/// A silo that hangs (its connection open, no answer) must not hold the cashier longer than the call timeout: a sale rung
/// up while the background drain waits on such a silo is answered "queued" and sent after the earlier one.
/// </summary>
public sealed class HungSiloAnswerTests
{
    [Fact]
    public async Task A_sale_rung_up_while_the_background_drain_waits_on_a_hung_silo_is_answered_queued_and_later_booked_once()
    {
        var silo = new ScriptedSilo { CallTimeout = TimeSpan.FromMilliseconds(400) };
        silo.Hanging.Add("r-1");
        var (desk, outbox, replayer) = Desks.Create(silo);
        var now = DateTimeOffset.UtcNow;
        outbox.Enqueue("mag:6012345678901", new Purchase("store-1", "till-1", "r-1", now, 12m) { BusinessDay = DateOnly.FromDateTime(now.UtcDateTime) }, now);
        var background = replayer.DrainAsync(null, TestContext.Current.CancellationToken); // stuck on r-1

        // Without a bound the desk would wait for the background drain for as long as the silo hangs (here: forever);
        // the generous guard only stops the test from hanging too.
        var answer = await desk.PurchaseAsync(CardId.Parse("mag:6012345678902"), "r-2", 30m, null, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal((AnswerEvents.Queued, OutboxReplayer.SendingEarlierMessage), (answer.Event, answer.Line().Message));
        Assert.Equal(2, outbox.Count());
        silo.Unhang.SetResult();
        await background;
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);
        Assert.Equal(0, outbox.Count());
        Assert.Equal([("r-1", 1), ("r-2", 1)], silo.Booked.OrderBy(b => b.Key).Select(b => (b.Key, b.Value)));
    }

    [Fact]
    public async Task A_sale_whose_gateway_connection_closes_while_it_waits_is_sent_again_at_once_and_accrued()
    {
        var silo = new ScriptedSilo { CallTimeout = TimeSpan.FromSeconds(5) };
        silo.LostOnFirstCall.Add("r-1");
        var (desk, outbox, _) = Desks.Create(silo);

        var selling = desk.PurchaseAsync(CardId.Parse("mag:6012345678901"), "r-1", 12m, null, TestContext.Current.CancellationToken);
        await silo.FirstCallLost.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        silo.DropGateway(); // the silo behind that gateway was killed: Orleans would let the call wait out its 5 s
        var answer = await selling.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal((AnswerEvents.Accrued, "r-1"), (answer.Event, answer.Line().ReceiptId));
        Assert.Equal(1, silo.Booked["r-1"]);
        Assert.Equal(0, outbox.Count());
    }

    [Fact]
    public async Task A_sale_sent_again_after_its_gateway_closed_is_not_given_up_when_another_connection_closes()
    {
        // A silo dies: the sale's first call is lost with its gateway, the second goes through the surviving one, and then
        // the client sees one more connection close. The second call is booked; the cashier must hear "accrued".
        var silo = new ScriptedSilo { CallTimeout = TimeSpan.FromSeconds(10) };
        silo.LostOnFirstCall.Add("r-1");
        silo.Hanging.Add("r-1");
        var (desk, outbox, _) = Desks.Create(silo);

        var selling = desk.PurchaseAsync(CardId.Parse("mag:6012345678901"), "r-1", 12m, null, TestContext.Current.CancellationToken);
        await silo.FirstCallLost.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        silo.DropGateway();
        await silo.HangStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); // sent again
        silo.DropGateway(); // another connection of the dead silo closes while the second call waits
        silo.Unhang.SetResult();
        var answer = await selling.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal((AnswerEvents.Accrued, "r-1"), (answer.Event, answer.Line().ReceiptId));
        Assert.Equal(1, silo.Booked["r-1"]);
        Assert.Equal(0, outbox.Count());
    }
}

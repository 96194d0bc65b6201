using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>
/// A call that finds no silo while the connection is kept (the silo of that customer's grains died, another gateway is
/// still there): the sale being rung up is sent once more and queued only when that fails too; the failure holds up that
/// customer's sales only; nothing is lost or booked twice.
/// </summary>
public sealed class LostSiloRetryTests
{
    private static readonly CardId Ann = CardId.Parse("mag:6012345678901");
    private static readonly CardId Bob = CardId.Parse("mag:6012345678902");

    // What the Orleans client raises when the silo a call went to is gone.
    private static Exception SiloGone() => new SiloUnavailableException("The target silo became unavailable for message.");

    [Fact]
    public async Task A_sale_whose_silo_died_after_booking_it_is_sent_once_more_and_answered_with_the_same_points()
    {
        // The silo books the sale, then dies before answering; the second call reaches the reactivated grain.
        var ledger = new List<string>();
        var silo = new ScriptedSilo
        {
            Earn = (_, purchase) =>
            {
                if (ledger.Contains(purchase.ReceiptId))
                {
                    return new AccrualResult(10, 10, [], Replayed: true);
                }
                ledger.Add(purchase.ReceiptId);
                throw SiloGone();
            },
        };
        var (desk, outbox, _) = Desks.Create(silo);

        var answer = await desk.PurchaseAsync(Ann, "r-1", 10m, null, TestContext.Current.CancellationToken);

        Assert.Equal((AnswerEvents.Accrued, 10L), (answer.Event, answer.Line().PointsEarned));
        Assert.Equal([("mag:6012345678901", "r-1"), ("mag:6012345678901", "r-1")], silo.Calls);
        Assert.Equal(["r-1"], ledger);
        Assert.Equal(1, silo.Unreachable);
        Assert.Equal(0, outbox.Count());
        Assert.Empty(outbox.DeadLetters());
    }

    [Fact]
    public async Task A_sale_that_finds_no_silo_twice_is_queued_and_booked_once_when_its_silo_is_back()
    {
        var away = true;
        var silo = new ScriptedSilo { Earn = (_, purchase) => away ? throw SiloGone() : new AccrualResult((long)purchase.Amount, 0, []) };
        var (desk, outbox, replayer) = Desks.Create(silo);

        var answer = await desk.PurchaseAsync(Ann, "r-1", 10m, null, TestContext.Current.CancellationToken);
        var waiting = outbox.Pending().Select(p => p.Purchase.ReceiptId).ToList();
        away = false;
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal((AnswerEvents.Queued, OutboxReplayer.SiloUnreachableMessage), (answer.Event, answer.Line().Message));
        Assert.Equal(["r-1"], waiting);
        Assert.Equal(["r-1", "r-1", "r-1"], silo.Calls.Select(c => c.Receipt)); // tried, tried once more, replayed
        Assert.Equal(2, silo.Unreachable);
        Assert.Equal(1, Assert.Single(silo.Booked).Value);
        Assert.Equal(0, outbox.Count());
    }

    [Fact]
    public async Task A_customer_whose_silo_is_away_holds_up_only_their_own_sales_which_stay_in_order()
    {
        var annAway = true;
        var silo = new ScriptedSilo
        {
            Earn = (card, purchase) => annAway && card == Ann.ToString() ? throw SiloGone() : new AccrualResult((long)purchase.Amount, 0, []),
        };
        var (desk, outbox, replayer) = Desks.Create(silo);

        var annFirst = await desk.PurchaseAsync(Ann, "a-1", 10m, null, TestContext.Current.CancellationToken);
        var bob = await desk.PurchaseAsync(Bob, "b-1", 20m, null, TestContext.Current.CancellationToken);
        var annSecond = await desk.PurchaseAsync(Ann, "a-2", 30m, null, TestContext.Current.CancellationToken);
        var waiting = outbox.Pending().Select(p => p.Purchase.ReceiptId).ToList();
        annAway = false;
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(AnswerEvents.Queued, annFirst.Event);
        Assert.Equal((AnswerEvents.Accrued, 20L), (bob.Event, bob.Line().PointsEarned));
        Assert.Equal(AnswerEvents.Queued, annSecond.Event);
        Assert.Equal(["a-1", "a-2"], waiting);
        var annCalls = silo.Calls.Where(c => c.Card == Ann.ToString()).Select(c => c.Receipt).ToList();
        Assert.Equal("a-2", annCalls[^1]); // a-2 was sent only after a-1 was booked
        Assert.Equal(1, annCalls.Count(r => r == "a-2"));
        Assert.Equal(new Dictionary<string, int> { ["a-1"] = 1, ["b-1"] = 1, ["a-2"] = 1 }, silo.Booked);
        Assert.Equal(0, outbox.Count());
    }
}

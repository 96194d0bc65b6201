using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

[Collection(ClusterCollection.Name)]
public sealed class OfflineCheckoutTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Purchases_without_a_silo_are_queued_and_replayed_once_in_order_by_a_restarted_terminal()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Offline Shopper");
        var silo = new SwitchableGrainAccess(cluster.Client) { Up = false };
        var path = Desks.NewOutboxPath();
        var (desk, outbox, _) = Desks.Create(silo, path);

        var first = await desk.PurchaseAsync(card, "o-1", 10m, null, TestContext.Current.CancellationToken);
        var second = await desk.PurchaseAsync(card, "o-2", 20m, [new PurchaseLine("tea", null, 1, 20m)], TestContext.Current.CancellationToken);
        var redeem = await desk.RedeemAsync(card, "o-2", 5, TestContext.Current.CancellationToken);
        silo.Up = true;
        var (_, restartedOutbox, restartedReplayer) = Desks.Create(silo, path);
        var replayed = new List<DeskAnswer>();
        restartedReplayer.Replayed = replayed.Add;
        await restartedReplayer.DrainAsync(null, TestContext.Current.CancellationToken);
        await restartedReplayer.DrainAsync(null, TestContext.Current.CancellationToken);
        var ledger = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync();

        Assert.Equal(AnswerEvents.Queued, first.Event);
        Assert.Equal(AnswerEvents.Queued, second.Event);
        Assert.Equal(DeclineReasons.Offline, redeem.Line().Reason);
        Assert.Equal(["o-1", "o-2"], replayed.Select(a => a.Line().ReceiptId));
        Assert.All(replayed, a => Assert.True(a.Line().Accepted));
        Assert.Equal(30, replayed[^1].Line().Balance);
        Assert.Equal(0, restartedOutbox.Count());
        Assert.Equal(0, outbox.Count());
        Assert.Equal(["o-1", "o-2"], ledger.Select(e => e.ReceiptId));
    }

    [Fact]
    public async Task An_entry_the_silo_took_before_the_terminal_could_forget_it_is_not_counted_twice()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Crash Shopper");
        var silo = new SwitchableGrainAccess(cluster.Client) { Up = false };
        var (desk, _, replayer) = Desks.Create(silo);
        await desk.PurchaseAsync(card, "x-1", 25m, null, TestContext.Current.CancellationToken);
        await cluster.Client.GetGrain<ILoyaltyCardGrain>(card.ToString())
            .EarnAsync(new Purchase(desk.Terminal.StoreId, desk.Terminal.TerminalId, "x-1", DateTimeOffset.UtcNow, 25m));

        silo.Up = true;
        var again = await desk.PurchaseAsync(card, "x-1", 25m, null, TestContext.Current.CancellationToken);
        var summary = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetAsync();

        Assert.Equal(AnswerEvents.Accrued, again.Event);
        Assert.True(again.Line().Replayed);
        Assert.Equal(25, summary!.Balance);
        Assert.Single(await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync());
        Assert.Null(await replayer.DrainAsync(null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_invalid_purchase_is_refused_before_it_reaches_the_outbox()
    {
        var silo = new SwitchableGrainAccess(cluster.Client) { Up = false };
        var (desk, outbox, _) = Desks.Create(silo);

        var answer = await desk.PurchaseAsync(ClusterFixture.NewCardId(), "bad receipt id!", 10m, null, TestContext.Current.CancellationToken);

        Assert.Equal(DeclineReasons.Invalid, answer.Line().Reason);
        Assert.Equal(0, outbox.Count());
    }
}

using RetentionActors.Contracts.Customers;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>The silo answers but its database is away: purchases wait in the outbox, the rest is declined, the connection stays.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StoreUnavailableCheckoutTests(ClusterFixture cluster)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Purchases_are_queued_in_order_and_booked_once_when_the_database_is_back_and_the_connection_is_kept(bool wrapped)
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Patient Shopper");
        var silo = new StoreDownGrainAccess(cluster.Client, wrapped) { Down = true };
        var (desk, outbox, replayer) = Desks.Create(silo);
        var replayed = new List<DeskAnswer>();
        replayer.Replayed = replayed.Add;
        // Each case's own receipts: both run on one cluster, and a receipt earns for one customer only.
        var (r1, r2, r3) = wrapped ? ("w-1", "w-2", "w-3") : ("u-1", "u-2", "u-3");

        var first = await desk.PurchaseAsync(card, r1, 10m, null, TestContext.Current.CancellationToken);
        var second = await desk.PurchaseAsync(card, r2, 20m, null, TestContext.Current.CancellationToken);
        var redeem = await desk.RedeemAsync(card, r2, 5, TestContext.Current.CancellationToken);
        var refund = await desk.RefundAsync(card, r3, r1, 5m, null, TestContext.Current.CancellationToken);
        var balance = await desk.BalanceAsync(card, TestContext.Current.CancellationToken);
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);
        var keptWhileDown = outbox.Count();
        var ledgerWhileDown = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync();
        silo.Down = false;
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);
        var ledger = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync();

        Assert.All([first, second], a => Assert.Equal((AnswerEvents.Queued, OutboxReplayer.StoreUnavailableMessage), (a.Event, a.Line().Message)));
        Assert.Equal((r1, r2), (first.Line().ReceiptId, second.Line().ReceiptId));
        Assert.All([redeem, refund, balance], a => Assert.Equal((AnswerEvents.Declined, DeclineReasons.Unavailable), (a.Event, a.Line().Reason)));
        Assert.Contains("loyalty database is unavailable", redeem.Line().Message, StringComparison.Ordinal);
        Assert.Equal(0, silo.Failures);
        Assert.Equal(2, keptWhileDown);
        Assert.Empty(ledgerWhileDown);
        Assert.Equal([r1, r2], replayed.Select(a => a.Line().ReceiptId));
        Assert.All(replayed, a => Assert.True(a.Line().Accepted));
        Assert.Equal(0, outbox.Count());
        Assert.Equal([r1, r2], ledger.Select(e => e.ReceiptId));
    }
}

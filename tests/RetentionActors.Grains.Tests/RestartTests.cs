using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>A whole cluster stops and a new one starts on the same SQLite file.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly string _dataFolder = TestClusters.NewDataFolder();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        TestClusters.DeleteFolder(_dataFolder);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task State_and_ledger_survive_a_cluster_restart_and_a_replayed_receipt_still_earns_nothing()
    {
        CustomerSummary before;
        IReadOnlyList<Contracts.Ledger.LedgerEntry> ledgerBefore;
        Contracts.Ledger.AccrualResult firstAnswer;
        string cardId;
        string customerId;
        await using (var cluster = await TestClusters.StartAsync(_dataFolder))
        {
            var shop = new Shop(cluster.Client);
            var enrolled = await shop.EnrolledWithCardAsync("Persistent Pat");
            (cardId, customerId) = (enrolled.CardId, enrolled.CustomerId);
            firstAnswer = await enrolled.Card.EarnAsync(Purchase("KEEP-1", 64.20m));
            await enrolled.Card.RedeemAsync(Redemption("KEEP-2", 14));
            await enrolled.Customer.AdjustAsync(new Contracts.Ledger.Adjustment("KEEP-3", 5, "Sorry", "op-1"));
            before = (await enrolled.Customer.GetAsync())!;
            ledgerBefore = await enrolled.Customer.GetLedgerAsync();
        }

        await using (var cluster = await TestClusters.StartAsync(_dataFolder, silos: 1))
        {
            var shop = new Shop(cluster.Client);
            var customer = shop.Customer(customerId);
            var card = shop.Card(cardId);

            Assert.Equal(before, await customer.GetAsync());
            Assert.Equal(ledgerBefore, await customer.GetLedgerAsync());
            Assert.Equal(CardStatus.Active, (await card.GetAsync()).Status);
            Assert.Equal(firstAnswer with { Replayed = true }, await card.EarnAsync(Purchase("KEEP-1", 64.20m)));
            Assert.Equal(55, (await customer.GetAsync())!.Balance);
            Assert.Equal(ledgerBefore.Count, (await customer.GetLedgerAsync()).Count);
        }
    }
}

using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>A whole cluster stops and a new one starts on the same store.</summary>
public abstract class RestartTests : IAsyncLifetime
{
    private StoreBackend _store = null!;

    protected abstract Task<StoreBackend> CreateStoreAsync();

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task State_and_ledger_survive_a_cluster_restart_and_a_replayed_receipt_still_earns_nothing()
    {
        CustomerSummary before;
        IReadOnlyList<Contracts.Ledger.LedgerEntry> ledgerBefore;
        Contracts.Ledger.AccrualResult firstAnswer;
        string cardId;
        string customerId;
        await using (var cluster = await TestClusters.StartAsync(_store.Configure))
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

        await using (var cluster = await TestClusters.StartAsync(_store.Configure, silos: 1))
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

public sealed class RestartOnSqlite : RestartTests
{
    protected override Task<StoreBackend> CreateStoreAsync() => Task.FromResult<StoreBackend>(new StoreBackend.Sqlite());
}

public sealed class RestartOnPostgres : RestartTests
{
    protected override async Task<StoreBackend> CreateStoreAsync() => await StoreBackend.Postgres.CreateAsync();
}

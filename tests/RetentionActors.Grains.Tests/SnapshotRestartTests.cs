using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Customers;
using RetentionActors.Grains.Storage;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Sql;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A customer with a long history activates from their account's snapshot and the ledger after it (issue 14): the load
/// reads a bounded number of ledger rows, the customer is exactly as before, and receipts from long ago, whose keys the
/// activation no longer holds, are still answered as repeats that earn nothing.
/// </summary>
public abstract class SnapshotRestartTests : IAsyncLifetime
{
    private StoreBackend _store = null!;

    protected abstract Task<StoreBackend> CreateStoreAsync();

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task A_customer_with_500_purchases_reactivates_from_a_bounded_tail_and_old_receipts_replay()
    {
        var oldSale = new Purchase("store-1", "till-1", "OLD-0", Today.AddDays(-60), 25m, null);
        Contracts.Customers.CustomerSummary before;
        AccrualResult oldAnswer, answer10;
        string customerId, cardId;
        long entries;
        await using (var cluster = await TestClusters.StartAsync(Counting))
        {
            var shop = new Shop(cluster.Client);
            var enrolled = await shop.EnrolledWithCardAsync("Loyal Lou");
            (customerId, cardId) = (enrolled.CustomerId, enrolled.CardId);
            oldAnswer = await enrolled.Card.EarnAsync(oldSale);
            answer10 = null!;
            for (var i = 1; i <= 500; i++)
            {
                var answer = await enrolled.Card.EarnAsync(Purchase($"S-{i}", 10m));
                Assert.Null(answer.Declined);
                answer10 = i == 10 ? answer : answer10;
            }
            Assert.Null((await enrolled.Card.RedeemAsync(Redemption("R-1", 30))).Declined);
            before = (await enrolled.Customer.GetAsync())!;
            entries = (await enrolled.Customer.GetLedgerAsync(0, 1000)).Count;
        }
        // Every key done so far now looks older than what an activation loads.
        await _store.AgeOperationKeysAsync(customerId);

        await using (var cluster = await TestClusters.StartAsync(Counting, silos: 1))
        {
            var shop = new Shop(cluster.Client);
            var customer = shop.Customer(customerId);
            var card = shop.Card(cardId);

            Assert.Equal(before, await customer.GetAsync());
            // 501 purchases and a redemption: at most 502 lots and as many spend points behind the snapshot.
            Assert.InRange(RowsLoaded[customerId], 0, SnapshotSchedule.IntervalFor(2 * 502) + 1);

            // Dated before the keys an activation loads: its answer is looked up before deciding.
            Assert.Equal(oldAnswer with { Replayed = true }, await card.EarnAsync(oldSale));
            // Dated recently, its key not held: decided again, refused by the store's key, answered as it first was.
            Assert.Equal(answer10 with { Replayed = true }, await card.EarnAsync(Purchase("S-10", 10m)));
            Assert.Equal(before.Balance, (await customer.GetAsync())!.Balance);
            Assert.Equal(entries, (await customer.GetLedgerAsync(0, 1000)).Count);

            var next = await card.EarnAsync(Purchase("S-501", 10m));
            Assert.Null(next.Declined);
            Assert.Equal(before.Balance + next.PointsEarned, (await customer.GetAsync())!.Balance);
        }
    }

    // Ledger rows each customer's last load read (the tail and the earlier entries of its receipts).
    private static readonly ConcurrentDictionary<string, int> RowsLoaded = new();

    private void Counting(ISiloBuilder silo)
    {
        _store.Configure(silo);
        silo.Services.AddSingleton<ICustomerStore>(services => new CountingStore(ActivatorUtilities.CreateInstance<SqlCustomerStore>(services)));
    }

    private sealed class CountingStore(ICustomerStore inner) : ICustomerStore
    {
        public async Task<StoredCustomer?> LoadAsync(string customerId, CancellationToken cancellationToken = default)
        {
            var loaded = await inner.LoadAsync(customerId, cancellationToken);
            RowsLoaded[customerId] = loaded is null ? 0 : loaded.Entries.Count + loaded.EarlierEntries.Count;
            return loaded;
        }

        public Task CommitAsync(IReadOnlyList<CustomerCommit> commits, CancellationToken cancellationToken = default) => inner.CommitAsync(commits, cancellationToken);

        public Task<OperationAnswer?> ReadOperationAnswerAsync(string customerId, string operationKey, AnswerKind kind, CancellationToken cancellationToken = default) =>
            inner.ReadOperationAnswerAsync(customerId, operationKey, kind, cancellationToken);

        public Task<string?> ReceiptOwnerAsync(string receiptKey, CancellationToken cancellationToken = default) => inner.ReceiptOwnerAsync(receiptKey, cancellationToken);

        public Task<IReadOnlyList<Domain.Ledger.LedgerEntry>> ReadLedgerAsync(string customerId, long afterSeq, int take, CancellationToken cancellationToken = default) =>
            inner.ReadLedgerAsync(customerId, afterSeq, take, cancellationToken);
    }
}

public sealed class SnapshotRestartOnSqlite : SnapshotRestartTests
{
    protected override Task<StoreBackend> CreateStoreAsync() => Task.FromResult<StoreBackend>(new StoreBackend.Sqlite());
}

public sealed class SnapshotRestartOnPostgres : SnapshotRestartTests
{
    protected override async Task<StoreBackend> CreateStoreAsync() => await StoreBackend.Postgres.CreateAsync();
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RetentionActors.Grains.Storage;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Sql;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A busy card (a regular's, or a household's shared at several tills) takes its sales together: the card only checks
/// its status and hands each sale on, and the customer decides the next while the last is being written, so sales that
/// arrive together share a commit. A card that took one sale at a time made each wait for the previous one's commit;
/// in the benchmark the most frequent customer's sales took 100–200 ms while everyone else's took 8.
/// </summary>
public sealed class BusyCardTests : IAsyncDisposable
{
    private const int Sales = 8;
    private readonly StoreBackend.Sqlite _store = new();
    private SlowCommits? _commits;

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task Sales_that_arrive_together_on_one_card_are_decided_while_the_first_is_written_and_share_its_successor()
    {
        await using var cluster = await StartWithSlowCommitsAsync();
        var (customer, card, _, _) = await new Shop(cluster.Client).EnrolledWithCardAsync();

        var before = _commits!.Count;
        var answers = await Task.WhenAll(Enumerable.Range(0, Sales).Select(i => card.CheckoutAsync(Purchase(NewId($"BUSY{i}"), 10m))));

        Assert.All(answers, a => Assert.True(a.IsAccepted));
        Assert.Equal(Sales * 10L, (await customer.GetAsync())!.Balance);
        // The first sale is written alone; the others were decided while it was written and go in the next commit (one
        // more is allowed for a machine so busy that their arrivals straddle a commit). One at a time through the card,
        // each would be a commit of its own.
        var commits = _commits.Count - before;
        Assert.True(commits <= 3, $"{Sales} sales arriving together on one card took {commits} commits of the customer; at most 3 if the card hands them on together");
    }

    [Fact]
    public async Task A_card_blocked_while_its_tills_keep_selling_is_blocked_in_time_and_no_sale_sent_after_the_block_is_booked()
    {
        await using var cluster = await StartWithSlowCommitsAsync();
        var (customer, card, _, _) = await new Shop(cluster.Client).EnrolledWithCardAsync();

        // Four tills sell on the card without a pause, so a till sale is always running when the block arrives: the
        // block must still get its turn (sales that interleave must not keep a lifecycle change out), and what a till
        // sends after the block has returned must be declined.
        using var stop = new CancellationTokenSource();
        var blockedAt = long.MaxValue;
        var sentAfterTheBlock = new System.Collections.Concurrent.ConcurrentBag<Contracts.Cards.CheckoutResult>();
        var tills = Enumerable.Range(0, 4).Select(till => Task.Run(async () =>
        {
            for (var sale = 0; !stop.IsCancellationRequested; sale++)
            {
                var sent = System.Diagnostics.Stopwatch.GetTimestamp();
                var answer = await card.CheckoutAsync(Purchase(NewId($"T{till}-{sale}"), 10m));
                if (sent > Interlocked.Read(ref blockedAt))
                {
                    sentAfterTheBlock.Add(answer);
                }
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        var blocking = card.BlockAsync("Reported stolen at store-1");
        Assert.True(await Task.WhenAny(blocking, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken)) == blocking,
            "the block got its turn within 20 s while four tills kept selling on the card");
        Interlocked.Exchange(ref blockedAt, System.Diagnostics.Stopwatch.GetTimestamp());
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(tills);

        Assert.True((await blocking).IsAccepted);
        Assert.NotEmpty(sentAfterTheBlock);
        Assert.All(sentAfterTheBlock, a => Assert.Equal(Contracts.DeclineReason.CardBlocked, a.Accrual.Declined?.Reason));
        var ledger = await customer.GetLedgerAsync();
        Assert.Equal(ledger.Sum(e => e.Points), (await customer.GetAsync())!.Balance);
    }

    // One silo whose customer commits are slow (_commits counts them).
    private Task<InProcessTestCluster> StartWithSlowCommitsAsync() => TestClusters.StartAsync(silo =>
    {
        _store.Configure(silo);
        silo.Services.AddSingleton<ICustomerStore>(services => _commits = new SlowCommits(new SqlCustomerStore(services.GetRequiredService<SqlDatabase>())));
    }, silos: 1);

    /// <summary>The customer store, each commit taking a while, as under load: long enough for the next sales to arrive.</summary>
    private sealed class SlowCommits(ICustomerStore store) : ICustomerStore
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public async Task CommitAsync(IReadOnlyList<CustomerCommit> commits, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            await Task.Delay(TimeSpan.FromMilliseconds(400), cancellationToken);
            await store.CommitAsync(commits, cancellationToken);
        }

        public Task<StoredCustomer?> LoadAsync(string customerId, CancellationToken cancellationToken = default) => store.LoadAsync(customerId, cancellationToken);

        public Task<OperationAnswer?> ReadOperationAnswerAsync(string customerId, string operationKey, AnswerKind kind, CancellationToken cancellationToken = default) =>
            store.ReadOperationAnswerAsync(customerId, operationKey, kind, cancellationToken);

        public Task<string?> ReceiptOwnerAsync(string receiptKey, CancellationToken cancellationToken = default) => store.ReceiptOwnerAsync(receiptKey, cancellationToken);

        public Task<IReadOnlyList<Domain.Ledger.LedgerEntry>> ReadLedgerAsync(string customerId, long afterSeq, int take, CancellationToken cancellationToken = default) =>
            store.ReadLedgerAsync(customerId, afterSeq, take, cancellationToken);
    }
}

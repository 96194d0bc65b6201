using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Tests.Customers;

/// <summary>
/// A sale that makes an account snapshot due is answered once its own commit is durable; the snapshot follows in the next
/// write (issue 14: writing a long-standing customer's snapshot with the sale cost their first swipe about 6 ms). Driven
/// write by write through a store whose writes finish when the test says.
/// </summary>
public sealed class SnapshotAfterTheSaleTests
{
    private static readonly AccountSnapshot Snapshot = new PointsAccount().ToSnapshot();

    [Fact]
    public async Task The_sale_is_durable_before_its_snapshot_is_written_and_the_snapshot_follows_alone()
    {
        var store = new HeldWrites();
        var pipeline = new CommitPipeline(store, _ => { });

        pipeline.Stage(Sale("c1") with { Snapshot = Snapshot });
        var durable = pipeline.Durable;
        var sale = await store.NextAsync();
        Assert.Null(Assert.Single(sale.Commits).Snapshot);
        Assert.False(durable.IsCompleted);

        sale.Finish();
        await durable;
        var snapshot = await store.NextAsync();
        var written = Assert.Single(snapshot.Commits);
        Assert.Same(Snapshot, written.Snapshot);
        Assert.Empty(written.Entries);
        Assert.Null(written.OperationKey);
        // Taken before the write finishes: the pipeline is the grain's, used from one turn at a time.
        var idle = pipeline.Idle;
        Assert.False(idle.IsCompleted);

        snapshot.Finish();
        await idle;
    }

    [Fact]
    public async Task A_sale_staged_while_the_snapshot_waits_shares_its_write_and_the_snapshot_never_precedes_its_own_sale()
    {
        var store = new HeldWrites();
        var pipeline = new CommitPipeline(store, _ => { });
        pipeline.Stage(Sale("c1"));
        var first = await store.NextAsync();

        // Staged while the first write is in flight: this sale and its snapshot wait for the next write, and the snapshot for the one after.
        pipeline.Stage(Sale("c1") with { Snapshot = Snapshot });
        first.Finish();
        var second = await store.NextAsync();
        Assert.Null(Assert.Single(second.Commits).Snapshot);

        pipeline.Stage(Sale("c1"));
        second.Finish();
        var third = await store.NextAsync();
        Assert.Equal(2, third.Commits.Count);
        Assert.Null(third.Commits[0].Snapshot);
        Assert.Same(Snapshot, third.Commits[1].Snapshot);
        var idle = pipeline.Idle;
        third.Finish();
        await idle;
    }

    [Fact]
    public async Task A_sale_whose_write_fails_takes_its_snapshot_with_it()
    {
        var store = new HeldWrites();
        var failures = new List<Exception>();
        var pipeline = new CommitPipeline(store, failures.Add);

        pipeline.Stage(Sale("c1") with { Snapshot = Snapshot });
        var (durable, idle) = (pipeline.Durable, pipeline.Idle);
        (await store.NextAsync()).Fail(new StoreUnavailableException("down"));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => durable);
        await idle;
        Assert.Single(failures);
        Assert.Equal(1, store.Writes);
    }

    private static CustomerCommit Sale(string customerId) => new(customerId, null, [], $"sale-{Guid.NewGuid():N}", null);

    /// <summary>A store whose writes wait for the test: each is handed out by <see cref="NextAsync"/>.</summary>
    private sealed class HeldWrites : ICustomerStore
    {
        private readonly System.Threading.Channels.Channel<Write> _writes = System.Threading.Channels.Channel.CreateUnbounded<Write>();

        public int Writes { get; private set; }

        public async Task<Write> NextAsync() =>
            await _writes.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        public Task CommitAsync(IReadOnlyList<CustomerCommit> commits, CancellationToken cancellationToken = default)
        {
            Writes++;
            var write = new Write([.. commits]);
            _writes.Writer.TryWrite(write);
            return write.Done;
        }

        public Task<StoredCustomer?> LoadAsync(string customerId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<OperationAnswer?> ReadOperationAnswerAsync(string customerId, string operationKey, AnswerKind kind, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<string?> ReceiptOwnerAsync(string receiptKey, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string customerId, long afterSeq, int take, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private sealed class Write(IReadOnlyList<CustomerCommit> commits)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<CustomerCommit> Commits { get; } = commits;

        public Task Done => _done.Task;

        public void Finish() => _done.SetResult();

        public void Fail(Exception exception) => _done.SetException(exception);
    }
}

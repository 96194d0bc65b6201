using System.Diagnostics;
using RetentionActors.Grains.Telemetry;

namespace RetentionActors.Grains.Storage;

/// <summary>
/// The commits of one customer grain, in order, one write in flight at a time: whatever the grain
/// decides while a write is in flight goes into the next write, so a busy customer's purchases share
/// a durable commit instead of each waiting for its own. Used from the grain's scheduler only (no locks).
/// A failed write fails every commit staged after it too, because those were decided on top of it.
/// <para>
/// A commit's account snapshot is written in the write after the commit's own, so the call that made it due does not
/// wait for it: a snapshot holds the whole account (hundreds of open lots for a long-standing customer, thousands for a
/// busy card) and only saves later activations reading. Its entries are durable before it is written, so a stored
/// snapshot never runs ahead of the ledger.
/// </para>
/// </summary>
public sealed class CommitPipeline(ICustomerStore store, Action<Exception> onFailure)
{
    private List<CustomerCommit> _staged = [];
    private List<CustomerCommit> _inFlight = [];
    private TaskCompletionSource _stagedDurable = NewSignal();
    // The spans of the calls that staged _staged, when traced (CommitTracing); null while none was.
    private List<Activity>? _stagedBy;
    private bool _flushing;
    // The snapshot due with the commits in _staged, and the one whose commits are durable, which goes in the next write.
    // A later snapshot replaces an earlier one: it covers more.
    private CustomerCommit? _snapshotStaged;
    private CustomerCommit? _snapshotReady;
    private TaskCompletionSource? _idle;

    /// <summary>Completes once everything staged so far is durable; faults when a write failed.</summary>
    public Task Durable { get; private set; } = Task.CompletedTask;

    // Set when a write failed: memory is ahead of storage, nothing more may be staged.
    private Exception? Failure { get; set; }

    /// <summary>Throws once a write has failed: nothing may be decided on memory that is ahead of storage.</summary>
    public void ThrowIfFailed(string customerId)
    {
        if (Failure is not null)
        {
            throw new InvalidOperationException($"Customer {customerId} is reloading after a failed write; try again.", Failure);
        }
    }

    /// <summary>
    /// Completes once nothing is staged or being written, snapshots included; never faults (a failed write is handled
    /// where it is staged). An activation waits for it before it goes, so the snapshot its last sale made due is kept.
    /// </summary>
    public Task Idle => _flushing ? (_idle ??= NewSignal()).Task : Task.CompletedTask;

    public void Stage(CustomerCommit commit)
    {
        ThrowIfFailed(commit.CustomerId);
        if (commit.Snapshot is { } snapshot)
        {
            _snapshotStaged = new CustomerCommit(commit.CustomerId, null, [], null, null) { Snapshot = snapshot };
            commit = commit with { Snapshot = null };
        }
        _staged.Add(commit);
        if (CommitTracing.Caller is { } caller)
        {
            (_stagedBy ??= []).Add(caller);
        }
        Durable = _stagedDurable.Task;
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }
    }

    /// <summary>The answer of a keyed operation that is staged or being written (not yet readable from the store).</summary>
    public OperationAnswer? PendingAnswer(string operationKey) =>
        _inFlight.Concat(_staged).LastOrDefault(c => c.OperationKey == operationKey)?.Answer;

    private async Task FlushAsync()
    {
        try
        {
            while (_staged.Count > 0 || _snapshotReady is not null)
            {
                if (_snapshotReady is not null)
                {
                    // The store serialises what it is given on this thread: the answers the last write released go first.
                    await Task.Yield();
                }
                await WriteNextAsync();
                if (Failure is not null)
                {
                    break;
                }
            }
        }
        finally
        {
            _flushing = false;
            _idle?.SetResult();
            _idle = null;
        }
    }

    // Writes the commits staged, waited for by their calls, with the snapshot whose commits the last write made durable
    // (a busy customer's next sale carries it: one transaction fewer, and that sale waits for it instead of none).
    private async Task WriteNextAsync()
    {
        var durable = _staged.Count > 0 ? _stagedDurable : null;
        if (_snapshotReady is { } ready)
        {
            _staged.Add(ready);
        }
        (_inFlight, _staged, _snapshotReady, _snapshotStaged) = (_staged, [], _snapshotStaged, null);
        if (durable is not null)
        {
            _stagedDurable = NewSignal();
        }
        using var span = CommitTracing.EnterWrite(_stagedBy);
        _stagedBy = null;
        try
        {
            await store.CommitAsync(_inFlight);
        }
        catch (Exception exception)
        {
            // A snapshot's own write failing fails what was staged meanwhile too, though memory is not ahead of storage
            // then: stricter than needed, and the same path as any failed write (the customer reloads).
            Failure = exception;
            durable?.SetException(exception);
            if (_staged.Count > 0)
            {
                _stagedDurable.SetException(exception);
            }
            (_inFlight, _staged, _snapshotReady, _snapshotStaged) = ([], [], null, null);
            onFailure(exception);
            return;
        }
        _inFlight = [];
        durable?.SetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using System.Diagnostics;
using RetentionActors.Grains.Telemetry;

namespace RetentionActors.Grains.Storage;

/// <summary>
/// The commits of one customer grain, in order, one write in flight at a time: whatever the grain
/// decides while a write is in flight goes into the next write, so a busy customer's purchases share
/// a durable commit instead of each waiting for its own. Used from the grain's scheduler only (no locks).
/// A failed write fails every commit staged after it too, because those were decided on top of it.
/// </summary>
public sealed class CommitPipeline(ICustomerStore store, Action<Exception> onFailure)
{
    private List<CustomerCommit> _staged = [];
    private List<CustomerCommit> _inFlight = [];
    private TaskCompletionSource _stagedDurable = NewSignal();
    // The spans of the calls that staged _staged, when traced (CommitTracing); null while none was.
    private List<Activity>? _stagedBy;
    private bool _flushing;

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

    public void Stage(CustomerCommit commit)
    {
        ThrowIfFailed(commit.CustomerId);
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
        while (_staged.Count > 0)
        {
            var durable = _stagedDurable;
            (_inFlight, _staged, _stagedDurable) = (_staged, [], NewSignal());
            using var span = CommitTracing.EnterWrite(_stagedBy);
            _stagedBy = null;
            try
            {
                await store.CommitAsync(_inFlight);
            }
            catch (Exception exception)
            {
                Failure = exception;
                durable.SetException(exception);
                if (_staged.Count > 0)
                {
                    _stagedDurable.SetException(exception);
                }
                (_inFlight, _staged) = ([], []);
                onFailure(exception);
                break;
            }
            _inFlight = [];
            durable.SetResult();
        }
        _flushing = false;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

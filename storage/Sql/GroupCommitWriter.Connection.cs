using System.Data;
using RetentionActors.Contracts;
using RetentionActors.Grains.Telemetry;

namespace RetentionActors.Storage.Sql;

/// <summary>Keeping the write connection: noticing it broke, reopening it, and failing writes fast while that cannot be done.</summary>
public sealed partial class GroupCommitWriter
{
    /// <summary>
    /// The connection broke under <paramref name="batch"/>: reopen it before answering, so a caller that retries at once
    /// finds the writer working again, then fail the batch as a whole (a COMMIT cut off in flight may still have landed;
    /// the callers' idempotency keys make their retry safe).
    /// </summary>
    private void HandleBrokenConnection(List<Job> batch, Exception failure)
    {
        Raise(ConnectionBroken, failure);
        var reopened = TryReopen();
        Fail(batch, new StoreUnavailableException());
        if (!reopened)
        {
            WaitForDatabase();
        }
    }

    /// <summary>Waits for the next write, checking the connection whenever none comes for a while. False once shut down.</summary>
    private bool WaitForWrites()
    {
        while (true)
        {
            using var idle = new CancellationTokenSource(IdleCheck);
            try
            {
                return _queue.Reader.WaitToReadAsync(idle.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                CheckIdleConnection();
            }
        }
    }

    private void CheckIdleConnection()
    {
        if (_connection is null)
        {
            return;
        }
        try
        {
            using var ping = _connection.CreateCommand();
            ping.CommandText = "SELECT 1";
            ping.ExecuteScalar();
        }
        catch (Exception exception)
        {
            if (!IsBroken(exception))
            {
                return;
            }
            Raise(ConnectionBroken, exception);
            if (!TryReopen())
            {
                WaitForDatabase();
            }
        }
    }

    /// <summary>
    /// Replaces a broken connection. One attempt at once: a cut connection to a working database (an idle-connection
    /// kill) is back before anyone notices. When that fails the outage starts, and writes fail fast from here on.
    /// </summary>
    private bool TryReopen()
    {
        DropConnection();
        try
        {
            _connection = _openConnection();
            return true;
        }
        catch (Exception exception)
        {
            _outage = new StoreOutage(DateTimeOffset.UtcNow, exception.Message);
            RaiseOutageChanged();
            return false;
        }
    }

    /// <summary>Retries with backoff, failing every write meanwhile, until a connection opens (true) or the writer shuts down (false).</summary>
    private bool WaitForDatabase()
    {
        for (var delay = FirstRetry; FailWritesFor(delay); delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks)))
        {
            try
            {
                _connection = _openConnection();
            }
            catch (Exception exception)
            {
                _outage = _outage! with { Reason = exception.Message };
                continue;
            }
            _outage = null;
            RaiseOutageChanged();
            return true;
        }
        return false;
    }

    // Fails whatever is queued, now and for `delay` (writes that got past the outage check just as it began).
    private bool FailWritesFor(TimeSpan delay)
    {
        using var wait = new CancellationTokenSource(delay);
        try
        {
            while (_queue.Reader.WaitToReadAsync(wait.Token).AsTask().GetAwaiter().GetResult())
            {
                while (_queue.Reader.TryRead(out var job))
                {
                    RetentionMetrics.StoreWritesUnavailable(1);
                    job.Done.SetException(new StoreUnavailableException());
                }
            }
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private void RaiseOutageChanged() => Raise(OutageChanged, _outage);

    private static void Raise<T>(Action<T>? listeners, T value)
    {
        try
        {
            listeners?.Invoke(value);
        }
        catch (Exception)
        {
            // A listener (logging, health) must never stop the writer: every write of the silo goes through this thread.
        }
    }

    private void DropConnection()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    private bool IsBroken(Exception failure) => _connection?.State != ConnectionState.Open || _isConnectionFailure(failure);
}

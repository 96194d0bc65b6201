using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using RetentionActors.Contracts;
using RetentionActors.Grains.Telemetry;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Group commit: writes queued by many grains at once run in one transaction on one connection, so
/// one durable commit (one fsync) covers a whole batch. A batch first runs as it is; when one of its
/// writes fails (a conflict), the batch is rolled back and run again with a savepoint around each
/// write, so the failing write is rolled back alone and only its caller sees the error. Writes are
/// therefore run again from scratch at times: they must only touch the database. A caller's task
/// completes only after the transaction holding its write has committed. On PostgreSQL, the statements writes
/// defer (<see cref="Defer"/>) go to the server as one batch for the whole group, so a group costs one round trip
/// and its commit when all its writes defer theirs.
/// <para>
/// When the connection breaks (a database restart, failover or idle-connection kill), only the batch in
/// flight fails, with <see cref="StoreUnavailableException"/>, and the writer opens a new connection. While
/// none can be opened, the writer is in an <see cref="Outage"/>: writes fail at once with the same exception
/// instead of queueing, and it retries with backoff until the database answers, then takes writes again. An idle
/// writer checks its connection every few seconds, so a silo without writes also knows, and says, that its
/// database is gone, and a server or firewall that ends idle sessions does not find it idle.
/// </para>
/// </summary>
public sealed partial class GroupCommitWriter : IAsyncDisposable
{
    internal const int MaxBatch = 512;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(5);

    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<DbConnection> _openConnection;
    private readonly Func<Exception, bool> _isConnectionFailure;
    private readonly Dictionary<string, DbCommand> _commands = [];
    private readonly Thread _thread;
    private DbConnection? _connection;
    private DbTransaction? _transaction;
    private volatile StoreOutage? _outage;

    private readonly bool _reuseCommands;
    private readonly List<DbCommand> _batchCommands = [];

    /// <param name="openConnection">Opens a write connection, ready to use; called again after the last one broke.</param>
    /// <param name="reuseCommands">
    /// Keep one command per SQL text (SQLite prepares a command's statement once). PostgreSQL prepares by
    /// SQL text per connection anyway (Npgsql's auto-prepare), and a reused command under auto-prepare wrote
    /// wrong rows in our storage tests (duplicate keys), so it gets a fresh command each time.
    /// </param>
    /// <param name="isConnectionFailure">Whether an error means the connection is gone, rather than a refused write.</param>
    public GroupCommitWriter(Func<DbConnection> openConnection, bool reuseCommands, Func<Exception, bool> isConnectionFailure)
    {
        _openConnection = openConnection;
        _isConnectionFailure = isConnectionFailure;
        _reuseCommands = reuseCommands;
        // The first connection opens here, so a database that is not there at start stops the silo with its error.
        _connection = openConnection();
        _thread = new Thread(Run) { IsBackground = true, Name = "group-commit" };
        _thread.Start();
    }

    /// <summary>Since when, and why, no connection could be opened; null while the writer has one.</summary>
    public StoreOutage? Outage => _outage;

    /// <summary>
    /// Raised on the writer's thread when an outage starts (with it) and when it ends (with null). Handlers must be quick:
    /// writes wait while they run.
    /// </summary>
    public event Action<StoreOutage?>? OutageChanged;

    /// <summary>Raised on the writer's thread with the error that broke the write connection, before it is reopened.</summary>
    public event Action<Exception>? ConnectionBroken;

    /// <summary>
    /// A batch that took longer than this, from its first write to its commit, made every caller in it wait as long: all
    /// tills selling at that moment at once. Reported by <see cref="SlowCommit"/>.
    /// </summary>
    public static readonly TimeSpan SlowCommitThreshold = TimeSpan.FromMilliseconds(100);

    /// <summary>Raised on the writer's thread, once its callers are answered, after a batch slower than <see cref="SlowCommitThreshold"/>.</summary>
    public event Action<(int Writes, TimeSpan Took)>? SlowCommit;

    /// <summary>Run on the writer's thread on its connection before each transaction begins (the engine's check that none is left open).</summary>
    public Action<DbConnection>? BeforeTransaction { get; init; }

    /// <summary>Queues <paramref name="write"/>; completes when it is durable, or throws what it threw.</summary>
    public Task WriteAsync(Action<GroupCommitWriter> write)
    {
        if (_outage is not null)
        {
            // Fail fast: queueing would only make callers wait for a database that is not there.
            RetentionMetrics.StoreWritesUnavailable(1);
            return Task.FromException(new StoreUnavailableException());
        }
        var job = new Job(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), CallerTrace());
        if (!_queue.Writer.TryWrite(job))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The database is shutting down.");
        }
        return job.Done.Task;
    }

    /// <summary>A reusable command for <paramref name="sql"/> in the current transaction, parameters cleared. For use inside a write.</summary>
    public DbCommand Command(string sql)
    {
        // What earlier writes deferred runs first: statements run in the order the writes gave them.
        SendDeferred();
        Interlocked.Increment(ref _statementRoundTrips);
        if (!_reuseCommands || !_commands.TryGetValue(sql, out var command))
        {
            command = _connection!.CreateCommand();
            command.CommandText = sql;
            if (_reuseCommands)
            {
                _commands[sql] = command;
            }
            else
            {
                _batchCommands.Add(command);
            }
        }
        command.Parameters.Clear();
        command.Transaction = _transaction;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.Run(_thread.Join);
        DropConnection();
    }

    private void Run()
    {
        var batch = new List<Job>(MaxBatch);
        // The thread inherited its creator's span; batch spans start traces of their own (GroupCommitWriter.Telemetry).
        Activity.Current = null;
        while (true)
        {
            if (!_queue.Reader.TryRead(out var first))
            {
                if (!WaitForWrites())
                {
                    return;
                }
                continue;
            }
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var job))
            {
                batch.Add(job);
            }
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<Job> batch)
    {
        if (_connection is null)
        {
            // Only after the writer shut down during an outage.
            Fail(batch, new StoreUnavailableException());
            return;
        }
        var started = Stopwatch.GetTimestamp();
        using var span = StartBatchSpan(batch);
        // Savepoints cost a round trip each way and, on PostgreSQL, a subtransaction: only pay for them when a write fails.
        var failure = TryCommit(batch, isolateEachWrite: false);
        if (failure is not null && IsBroken(failure))
        {
            // The connection is gone: rerunning the writes on it, isolated or not, would fail again.
            HandleBrokenConnection(batch, failure);
            return;
        }
        var failures = failure is null ? new Exception?[batch.Count]
            : batch.Count == 1 ? [failure]
            : CommitIsolated(batch);
        if (failures is null)
        {
            return;
        }
        var failed = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } writeFailure)
            {
                batch[i].Done.SetException(writeFailure);
                failed++;
            }
            else
            {
                batch[i].Done.SetResult();
            }
        }
        var took = Stopwatch.GetElapsedTime(started);
        Observe(span, batch.Count, failed, took);
        if (took > SlowCommitThreshold)
        {
            Raise(SlowCommit, (batch.Count, took));
        }
    }

    private static void Fail(List<Job> batch, Exception failure)
    {
        RetentionMetrics.StoreWritesUnavailable(batch.Count);
        batch.ForEach(job => job.Done.SetException(failure));
    }

    // Null when the batch was already answered (the connection broke under it).
    private Exception?[]? CommitIsolated(List<Job> batch)
    {
        var failures = new Exception?[batch.Count];
        if (TryCommit(batch, isolateEachWrite: true, failures) is { } commitFailure)
        {
            // The commit itself failed: nothing in this batch is durable.
            if (IsBroken(commitFailure))
            {
                HandleBrokenConnection(batch, commitFailure);
                return null;
            }
            Array.Fill(failures, commitFailure);
        }
        return failures;
    }

    // Null when committed. Without isolation the first failing write aborts the whole transaction; with it,
    // each write's failure is noted in `failures` and the rest commit.
    private Exception? TryCommit(List<Job> batch, bool isolateEachWrite, Exception?[]? failures = null)
    {
        try
        {
            BeforeTransaction?.Invoke(_connection!);
            using (_transaction = _connection!.BeginTransaction())
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!isolateEachWrite)
                    {
                        batch[i].Write(this);
                        continue;
                    }
                    _transaction.Save("job");
                    var published = _published.Count;
                    try
                    {
                        batch[i].Write(this);
                        SendDeferred();
                        _transaction.Release("job");
                    }
                    catch (Exception exception)
                    {
                        DropDeferred();
                        _transaction.Rollback("job");
                        _transaction.Release("job");
                        ForgetPublishedSince(published);
                        failures![i] = exception;
                    }
                }
                // The events go last, in the same batch as the writes' deferred statements: one round trip, then the commit.
                WritePublishedEvents();
                SendDeferred();
                _transaction.Commit();
            }
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
        finally
        {
            _transaction = null;
            _published.Clear();
            DropDeferred();
            _batchCommands.ForEach(c => c.Dispose());
            _batchCommands.Clear();
        }
    }

    // Caller: the span of the code that queued the write (default when none, or nobody traces).
    private sealed record Job(Action<GroupCommitWriter> Write, TaskCompletionSource Done, ActivityContext Caller);
}

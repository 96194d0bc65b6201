using System.Data.Common;
using System.Threading.Channels;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Group commit: writes queued by many grains at once run in one transaction on one connection, so
/// one durable commit (one fsync) covers a whole batch. A batch first runs as it is; when one of its
/// writes fails (a conflict), the batch is rolled back and run again with a savepoint around each
/// write, so the failing write is rolled back alone and only its caller sees the error. Writes are
/// therefore run again from scratch at times: they must only touch the database. A caller's task
/// completes only after the transaction holding its write has committed.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand> _commands = [];
    private readonly Thread _thread;
    private DbTransaction? _transaction;

    private readonly bool _reuseCommands;
    private readonly List<DbCommand> _batchCommands = [];

    /// <param name="reuseCommands">
    /// Keep one command per SQL text (SQLite prepares a command's statement once). PostgreSQL prepares by
    /// SQL text per connection anyway (Npgsql's auto-prepare), and a reused command under auto-prepare wrote
    /// wrong rows in our storage tests (duplicate keys), so it gets a fresh command each time.
    /// </param>
    public GroupCommitWriter(DbConnection connection, bool reuseCommands)
    {
        _connection = connection;
        _reuseCommands = reuseCommands;
        _thread = new Thread(Run) { IsBackground = true, Name = "group-commit" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="write"/>; completes when it is durable, or throws what it threw.</summary>
    public Task WriteAsync(Action<GroupCommitWriter> write)
    {
        var job = new Job(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(job))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The database is shutting down.");
        }
        return job.Done.Task;
    }

    /// <summary>A reusable command for <paramref name="sql"/> in the current transaction, parameters cleared. For use inside a write.</summary>
    public DbCommand Command(string sql)
    {
        if (!_reuseCommands || !_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
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
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }
        await _connection.DisposeAsync();
    }

    private void Run()
    {
        var batch = new List<Job>(MaxBatch);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
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
        // Savepoints cost a round trip each way and, on PostgreSQL, a subtransaction: only pay for them when a write fails.
        var failure = TryCommit(batch, isolateEachWrite: false);
        var failures = failure is null ? new Exception?[batch.Count]
            : batch.Count == 1 ? [failure]
            : CommitIsolated(batch);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failed)
            {
                batch[i].Done.SetException(failed);
            }
            else
            {
                batch[i].Done.SetResult();
            }
        }
    }

    private Exception?[] CommitIsolated(List<Job> batch)
    {
        var failures = new Exception?[batch.Count];
        if (TryCommit(batch, isolateEachWrite: true, failures) is { } commitFailure)
        {
            // The commit itself failed: nothing in this batch is durable.
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
            using (_transaction = _connection.BeginTransaction())
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!isolateEachWrite)
                    {
                        batch[i].Write(this);
                        continue;
                    }
                    _transaction.Save("job");
                    try
                    {
                        batch[i].Write(this);
                        _transaction.Release("job");
                    }
                    catch (Exception exception)
                    {
                        _transaction.Rollback("job");
                        _transaction.Release("job");
                        failures![i] = exception;
                    }
                }
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
            _batchCommands.ForEach(c => c.Dispose());
            _batchCommands.Clear();
        }
    }

    private sealed record Job(Action<GroupCommitWriter> Write, TaskCompletionSource Done);
}

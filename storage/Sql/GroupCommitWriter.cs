using System.Data.Common;
using System.Threading.Channels;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Group commit: writes queued by many grains at once run in one transaction on one connection, so
/// one durable commit (one fsync) covers a whole batch. Each write runs inside its own savepoint, so
/// a write that fails (a conflict) is rolled back alone and only its caller sees the error. A caller's
/// task completes only after the transaction holding its write has committed.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand> _commands = [];
    private readonly Thread _thread;
    private DbTransaction? _transaction;

    public GroupCommitWriter(DbConnection connection)
    {
        _connection = connection;
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
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
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
        var failures = new Exception?[batch.Count];
        try
        {
            using (_transaction = _connection.BeginTransaction())
            {
                for (var i = 0; i < batch.Count; i++)
                {
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
                        failures[i] = exception;
                    }
                }
                _transaction.Commit();
            }
        }
        catch (Exception exception)
        {
            // The commit itself failed: nothing in this batch is durable.
            Array.Fill(failures, exception);
        }
        finally
        {
            _transaction = null;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Done.SetException(failure);
            }
            else
            {
                batch[i].Done.SetResult();
            }
        }
    }

    private sealed record Job(Action<GroupCommitWriter> Write, TaskCompletionSource Done);
}

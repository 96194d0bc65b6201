using System.Data.Common;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Deferred statements: a write adds statements that it does not need an answer from at once, each with an optional
/// check of the rows it changed. On PostgreSQL they are collected for the whole transaction and sent as one batch
/// (one round trip) just before the commit, or before any statement a write runs at once with <see cref="Command"/>,
/// so the statements run in the order the writes gave them. On SQLite, which has no round trips to save, each runs
/// when added. The checks run, in order, on each statement's rows affected once its batch has run, and throw what the
/// write would have thrown had it run the statement at once: a check of an earlier statement comes before the error
/// of a later one. A check must only look at the count: it runs when the statement's transaction may already have failed.
/// <para>
/// When the batch of a whole group fails, the group runs again isolated (see <see cref="GroupCommitWriter"/>); each
/// write's statements are then sent at its end, inside its savepoint, so only its caller sees its error.
/// </para>
/// </summary>
public sealed partial class GroupCommitWriter
{
    private DbBatch? _deferred;
    private readonly List<DeferredChecks> _deferredChecks = [];

    /// <summary>Sent as one batch per group (true on PostgreSQL); otherwise each statement runs when added.</summary>
    private bool Batches => _connection!.CanCreateBatch;

    /// <summary>
    /// Statements sent to the database: one per batch of deferred statements, one per <see cref="Command"/> (run once
    /// each, as writes do). Transaction control (begin, savepoints, commit) is not counted. For the tests and the
    /// benchmark that check how many round trips a group costs.
    /// </summary>
    public long StatementRoundTrips => Interlocked.Read(ref _statementRoundTrips);

    private long _statementRoundTrips;

    /// <summary>
    /// For use inside a write: a statement that runs in the transaction, in order with the others, perhaps later than
    /// this call. Bind its parameters with <see cref="DeferredStatement.With"/>, then add it with
    /// <see cref="DeferredStatement.Run"/>.
    /// </summary>
    public DeferredStatement Defer(string sql)
    {
        if (!Batches)
        {
            return new DeferredStatement(this, Command(sql), null);
        }
        _deferred ??= _connection!.CreateBatch();
        var command = _deferred.CreateBatchCommand();
        // Numbered, the statement goes to the server as it is written: the driver neither parses nor rewrites it.
        var numbered = PositionalSql.Of(sql);
        command.CommandText = numbered?.Text ?? sql;
        for (var i = 0; i < numbered?.Count; i++)
        {
            command.Parameters.Add(command.CreateParameter());
        }
        return new DeferredStatement(this, null, command, numbered);
    }

    internal void Add(DbBatchCommand command, Func<int, Exception?>? check, Func<Exception, Exception?>? failure)
    {
        _deferred!.BatchCommands.Add(command);
        _deferredChecks.Add(new DeferredChecks(check, failure));
    }

    internal void RunAtOnce(DbCommand command, Func<int, Exception?>? check, Func<Exception, Exception?>? failure)
    {
        int rows;
        try
        {
            rows = command.ExecuteNonQuery();
        }
        catch (DbException exception) when (failure?.Invoke(exception) is { } refusal)
        {
            throw refusal;
        }
        if (check?.Invoke(rows) is { } refused)
        {
            throw refused;
        }
    }

    /// <summary>Sends what the writes deferred, as one batch, and runs their checks; throws the first refusal or error.</summary>
    private void SendDeferred()
    {
        if (_deferred is not { } batch)
        {
            return;
        }
        if (batch.BatchCommands.Count == 0)
        {
            // A statement begun with Defer and never Run: nothing to send.
            DropDeferred();
            return;
        }
        // Detached first: whatever happens below, these statements are sent once, and a check's exception leaves nothing pending.
        _deferred = null;
        var checks = _deferredChecks;
        try
        {
            batch.Transaction = _transaction;
            Interlocked.Increment(ref _statementRoundTrips);
            try
            {
                batch.ExecuteNonQuery();
            }
            catch (DbException exception) when (!_isConnectionFailure(exception))
            {
                // The statements before the failing one ran: their checks come first, as if each had run at once.
                var failed = FailedAt(batch, exception);
                Check(batch, checks, failed < 0 ? 0 : failed);
                if (failed >= 0 && checks[failed].Failure?.Invoke(exception) is { } refusal)
                {
                    throw refusal;
                }
                throw;
            }
            Check(batch, checks, checks.Count);
        }
        finally
        {
            batch.Dispose();
            checks.Clear();
        }
    }

    // Which statement failed: the driver may name it; if not, the first that did not complete (every deferred statement
    // changes rows, so one that completed has a count of zero or more). -1 when neither tells.
    private static int FailedAt(DbBatch batch, DbException exception)
    {
        if (exception.BatchCommand is { } named)
        {
            return batch.BatchCommands.IndexOf(named);
        }
        for (var i = 0; i < batch.BatchCommands.Count; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected < 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static void Check(DbBatch batch, List<DeferredChecks> checks, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (checks[i].Check?.Invoke(batch.BatchCommands[i].RecordsAffected) is { } refused)
            {
                throw refused;
            }
        }
    }

    // What a failed write deferred and did not send is dropped with it (its savepoint or the transaction rolls back).
    private void DropDeferred()
    {
        _deferred?.Dispose();
        _deferred = null;
        _deferredChecks.Clear();
    }

    private readonly record struct DeferredChecks(Func<int, Exception?>? Check, Func<Exception, Exception?>? Failure);
}

/// <summary>A statement being written for <see cref="GroupCommitWriter.Defer"/>: parameters, then <see cref="Run"/>.</summary>
public readonly struct DeferredStatement
{
    private readonly GroupCommitWriter _writer;
    private readonly DbCommand? _now;
    private readonly DbBatchCommand? _later;
    private readonly PositionalSql? _numbered;

    internal DeferredStatement(GroupCommitWriter writer, DbCommand? now, DbBatchCommand? later, PositionalSql? numbered = null) =>
        (_writer, _now, _later, _numbered) = (writer, now, later, numbered);

    /// <summary>Binds <paramref name="value"/> to <c>@name</c>; null becomes SQL NULL.</summary>
    public DeferredStatement With(string name, object? value)
    {
        if (_numbered is not null)
        {
            // A name the text does not use binds nothing, as a named parameter the text does not mention would.
            if (_numbered.PositionOf(name) is var position and >= 0)
            {
                _later!.Parameters[position].Value = value ?? DBNull.Value;
            }
            return this;
        }
        var parameter = _now is not null ? _now.CreateParameter() : _later!.CreateParameter();
        parameter.ParameterName = DbCommandExtensions.Placeholder(name);
        parameter.Value = value ?? DBNull.Value;
        (_now?.Parameters ?? _later!.Parameters).Add(parameter);
        return this;
    }

    /// <summary>Adds the statement to the transaction.</summary>
    /// <param name="check">Given the rows the statement changed: the exception to refuse the write with, or null.</param>
    /// <param name="failure">Given the database's error from this statement: the exception the caller sees instead, or null for that error.</param>
    public void Run(Func<int, Exception?>? check = null, Func<Exception, Exception?>? failure = null)
    {
        if (_now is not null)
        {
            _writer.RunAtOnce(_now, check, failure);
        }
        else
        {
            _writer.Add(_later!, check, failure);
        }
    }
}

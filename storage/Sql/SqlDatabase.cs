using System.Data.Common;
using RetentionActors.Contracts;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// A relational database holding customers and their ledger. Reads open pooled connections of their
/// own; every write goes through the single <see cref="GroupCommitWriter"/>. Subclasses say how their
/// engine spells what differs: times, unique-key violations and lost connections.
/// </summary>
public abstract class SqlDatabase : IAsyncDisposable
{
    private GroupCommitWriter? _writer;

    public GroupCommitWriter Writer => _writer ?? throw new InvalidOperationException("The database is not open.");

    public abstract DbConnection OpenRead();

    /// <summary>
    /// Raised when a connection was found still inside a transaction nobody owns (a pooled read connection, or the
    /// writer's between batches), which was then rolled back: a fault of the driver or of this code, worth a warning,
    /// no longer the failure of every read or write after it.
    /// </summary>
    public event Action? StrayTransactionEnded;

    /// <summary>Rolls back a transaction left open on <paramref name="connection"/>, which its last user is done with; true when there was one.</summary>
    protected virtual bool EndStrayTransaction(DbConnection connection) => false;

    protected void EndStrayTransactionOf(DbConnection connection)
    {
        if (EndStrayTransaction(connection))
        {
            StrayTransactionEnded?.Invoke();
        }
    }

    /// <summary>A read-only transaction that sees one consistent snapshot and does not block the writer.</summary>
    public abstract DbTransaction BeginSnapshot(DbConnection connection);

    /// <summary>An instant as this engine stores a UTC time column.</summary>
    public abstract object Utc(DateTimeOffset value);

    public abstract DateTimeOffset ReadUtc(DbDataReader row, int ordinal);

    /// <summary>Whether <paramref name="exception"/> says a primary or unique key was already taken.</summary>
    public abstract bool IsKeyViolation(Exception exception);

    /// <summary>Whether <paramref name="exception"/> says the database could not be reached or dropped the connection.</summary>
    public virtual bool IsConnectionFailure(Exception exception) => StoreFaults.IsConnectivityFailure(exception);

    /// <summary>
    /// Runs <paramref name="read"/> on a pooled connection. A pooled connection the server has closed meanwhile (after a
    /// restart or an idle-connection kill) fails on first use: the pool is then emptied and the read runs once more on
    /// a new connection, which is safe because a read changes nothing. When that fails too, the database is away:
    /// <see cref="StoreUnavailableException"/>.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read)
    {
        try
        {
            return await ReadOnceAsync(read);
        }
        catch (Exception exception) when (IsConnectionFailure(exception))
        {
            ClearReadPool();
        }
        try
        {
            return await ReadOnceAsync(read);
        }
        catch (Exception exception) when (IsConnectionFailure(exception))
        {
            // Without the driver's error: it could not cross the wire to the caller (see StoreUnavailableException).
            throw new StoreUnavailableException();
        }
    }

    /// <summary>
    /// After personal data was erased: lets go of the old versions of the rows that held it, as far as this engine can
    /// without stopping writes. PostgreSQL keeps dead row versions until VACUUM (autovacuum) removes them.
    /// </summary>
    public virtual Task ForgetErasedAsync() => Task.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        // Idempotent: a container may hold this database under two service types.
        if (Interlocked.Exchange(ref _writer, null) is { } writer)
        {
            await writer.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the idle pooled read connections, which may have been cut by the server.</summary>
    protected abstract void ClearReadPool();

    /// <summary>Starts the group-commit writer on a connection from <paramref name="openWriteConnection"/> (open, schema applied), and on a new one whenever that one breaks.</summary>
    protected void StartWriter(Func<DbConnection> openWriteConnection, bool reuseCommands)
    {
        _writer = new GroupCommitWriter(openWriteConnection, reuseCommands, IsConnectionFailure)
        {
            BeforeTransaction = EndStrayTransactionOf,
            WritePublished = (writer, events) => Events.SqlOutbox.Write(writer, this, events),
        };
        // Connections pooled before an outage are dead: readers should not have to find that out one by one.
        _writer.OutageChanged += outage =>
        {
            if (outage is null)
            {
                ClearReadPool();
            }
        };
    }

    private async Task<T> ReadOnceAsync<T>(Func<DbConnection, Task<T>> read)
    {
        await using var connection = OpenRead();
        return await read(connection);
    }
}

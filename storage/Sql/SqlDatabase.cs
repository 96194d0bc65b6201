using System.Data.Common;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// A relational database holding customers and their ledger. Reads open pooled connections of their
/// own; every write goes through the single <see cref="GroupCommitWriter"/>. Subclasses say how their
/// engine spells what differs: times and unique-key violations.
/// </summary>
public abstract class SqlDatabase : IAsyncDisposable
{
    private GroupCommitWriter? _writer;

    public GroupCommitWriter Writer => _writer ?? throw new InvalidOperationException("The database is not open.");

    public abstract DbConnection OpenRead();

    /// <summary>A read-only transaction that sees one consistent snapshot and does not block the writer.</summary>
    public abstract DbTransaction BeginSnapshot(DbConnection connection);

    /// <summary>An instant as this engine stores a UTC time column.</summary>
    public abstract object Utc(DateTimeOffset value);

    public abstract DateTimeOffset ReadUtc(DbDataReader row, int ordinal);

    /// <summary>Whether <paramref name="exception"/> says a primary or unique key was already taken.</summary>
    public abstract bool IsKeyViolation(Exception exception);

    public virtual async ValueTask DisposeAsync()
    {
        // Idempotent: a container may hold this database under two service types.
        if (Interlocked.Exchange(ref _writer, null) is { } writer)
        {
            await writer.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Hands the write connection, open and migrated, to the group-commit writer.</summary>
    protected void StartWriter(DbConnection writeConnection, bool reuseCommands) => _writer = new GroupCommitWriter(writeConnection, reuseCommands);
}

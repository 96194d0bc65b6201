using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using RetentionActors.Grains.Maintenance;
using RetentionActors.Storage.Sql;
using SQLitePCL;

namespace RetentionActors.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Commits are durable (synchronous=FULL) before
/// the writer reports them; times are fixed-width UTC text, so text order is time order.
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    private const int ConstraintViolation = 19; // SQLITE_CONSTRAINT
    // The file could not be read, written or opened, or stayed locked past the busy timeout: worth waiting out, not an answer.
    private static readonly int[] FileFaults = [5, 10, 13, 14]; // SQLITE_BUSY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private readonly string _connectionString;
    // Not pooled, for the writer and the checkpoint: a connection that broke, or carries their settings, must never serve a read.
    private readonly string _unpooledConnectionString;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _unpooledConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();

        using (var connection = OpenWriteConnection())
        {
            Execute(connection, "PRAGMA journal_mode=WAL;");
            SchemaMigration.Apply(connection, SqliteSchema.Steps, "PRAGMA user_version", step => $"PRAGMA user_version = {step}");
        }
        StartWriter(OpenWriteConnection, reuseCommands: true);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public override DbConnection OpenRead()
    {
        var connection = new SqliteConnection(_connectionString);
        lock (PoolGuard)
        {
            connection.Open();
        }
        EndStrayTransactionOf(connection);
        return connection;
    }

    /// <summary>
    /// Held while a pooled connection is taken from the pool or the pool is cleared. Microsoft.Data.Sqlite's pool marks a
    /// connection it lends as active a moment before it records who holds it; an open that finds the pool empty in that
    /// moment reclaims it as leaked and lends it again, and a clear disposes it (dotnet/efcore#39008, open in 10.0.x). Two
    /// reads on one native connection fail with "cannot start a transaction within a transaction", or read inside each
    /// other's snapshot. Taking a pooled connection costs microseconds, so opens one at a time cost nothing measurable.
    /// </summary>
    private static readonly Lock PoolGuard = new();

    /// <summary>
    /// SQLite can hold a transaction the driver no longer knows of: one begun after SQLite rolled back the driver's on
    /// its own (a full disk, an I/O error), or left by a rollback that failed. Kept, it refuses every read or write on
    /// the connection with "cannot start a transaction within a transaction", and a write in it would be in limbo.
    /// </summary>
    protected override bool EndStrayTransaction(DbConnection connection)
    {
        var sqlite = (SqliteConnection)connection;
        if (raw.sqlite3_get_autocommit(sqlite.Handle) != 0)
        {
            return false;
        }
        Execute(sqlite, "ROLLBACK;");
        return true;
    }

    public override DbTransaction BeginSnapshot(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public override object Utc(DateTimeOffset value) => value.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    public override DateTimeOffset ReadUtc(DbDataReader row, int ordinal) =>
        DateTimeOffset.Parse(row.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override bool IsKeyViolation(Exception exception) => exception is SqliteException { SqliteErrorCode: ConstraintViolation };

    public override bool IsConnectionFailure(Exception exception) =>
        exception is SqliteException e && FileFaults.Contains(e.SqliteErrorCode) || base.IsConnectionFailure(exception);

    /// <summary>
    /// Copies the WAL into the database file and truncates it, so the page images from before an erasure do not linger
    /// in the WAL (the writer's <c>secure_delete</c> has already zeroed them in the pages it rewrote). The checkpoint
    /// needs a moment without a write in progress and without a reader on an older snapshot; it waits for one a few
    /// times, briefly (the erasure's caller waits too), then leaves it to the next erasure.
    /// </summary>
    public override async Task ForgetErasedAsync()
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            // A connection of its own, not pooled: its short busy timeout must not pass on to readers.
            await using (var connection = new SqliteConnection(_unpooledConnectionString))
            {
                connection.Open();
                Execute(connection, "PRAGMA busy_timeout=1000;");
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await using var result = await checkpoint.ExecuteReaderAsync();
                // One row: busy (1 when it could not finish), frames in the WAL, frames checkpointed.
                if (await result.ReadAsync() && result.GetInt32(0) == 0)
                {
                    return;
                }
            }
            await Task.Delay(100 * attempt);
        }
    }

    protected override void ClearReadPool()
    {
        lock (PoolGuard)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ClearReadPool();
    }

    // Durability and the lock wait are per connection: every write connection gets them, also one opened after a fault.
    private SqliteConnection OpenWriteConnection()
    {
        var connection = new SqliteConnection(_unpooledConnectionString);
        connection.Open();
        // secure_delete: content a write removes (an erased e-mail, a replaced reason) is overwritten with zeros, not left in free space.
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;");
        // For the schema step that gives existing customers their maintenance slot (PostgreSQL computes it in SQL).
        connection.CreateFunction("retention_maintenance_slot", (string customerId) => MaintenanceSlots.Of(customerId), isDeterministic: true);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Commits are durable (synchronous=FULL) before
/// the writer reports them; times are fixed-width UTC text, so text order is time order.
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    private const int ConstraintViolation = 19; // SQLITE_CONSTRAINT
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private readonly string _connectionString;

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

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
        SchemaMigration.Apply(connection, SqliteSchema.Steps, "PRAGMA user_version", step => $"PRAGMA user_version = {step}");
        StartWriter(connection, reuseCommands: true);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public override DbConnection OpenRead()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public override DbTransaction BeginSnapshot(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public override object Utc(DateTimeOffset value) => value.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    public override DateTimeOffset ReadUtc(DbDataReader row, int ordinal) =>
        DateTimeOffset.Parse(row.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override bool IsKeyViolation(Exception exception) => exception is SqliteException { SqliteErrorCode: ConstraintViolation };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

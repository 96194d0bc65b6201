using Microsoft.Data.Sqlite;

namespace RetentionActors.Storage.Sqlite;

/// <summary>
/// One SQLite database file in WAL mode. Reads open pooled connections of their own; every write goes
/// through the single <see cref="GroupCommitWriter"/>, which makes each commit durable (synchronous=FULL)
/// before its caller continues.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
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
        Migrate(connection);
        Writer = new GroupCommitWriter(connection);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    internal GroupCommitWriter Writer { get; }

    internal SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Steps.Length)
        {
            throw new InvalidOperationException($"The database {connection.DataSource} has schema version {version}, newer than this build knows ({SqliteSchema.Steps.Length}).");
        }
        for (var step = version; step < SqliteSchema.Steps.Length; step++)
        {
            Execute(connection, SqliteSchema.Steps[step], transaction);
        }
        Execute(connection, $"PRAGMA user_version = {SqliteSchema.Steps.Length}", transaction);
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

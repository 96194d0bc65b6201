using System.Data;
using System.Data.Common;
using Npgsql;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Postgres;

/// <summary>
/// The cluster store: PostgreSQL shared by every silo. Opening it applies the schema (idempotent,
/// serialised across silos by an advisory lock), so the first silo of a new cluster prepares the database.
/// </summary>
public sealed class PostgresDatabase : SqlDatabase
{
    private const long MigrationLock = 0x5245_5445_4E54; // "RETENT"
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        // The same few statements run thousands of times a second: prepared once per connection, PostgreSQL
        // parses and plans them once. A connection string that sets its own value keeps it.
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            (settings.MaxAutoPrepare, settings.AutoPrepareMinUsages) = (32, 2);
        }
        // Our pooled connections change no session state (no SET, LISTEN, temporary tables or session advisory locks:
        // the migration's lock is per transaction, on a data source of its own), so the reset Npgsql would run on every
        // reuse (DISCARD ALL or, with prepared statements, its seven-command equivalent) is work for nothing on each
        // read. A connection string that names the setting keeps its own value.
        if (!Names(connectionString, "NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }
        // PostgreSQL's JIT compiles the expressions of any plan above its cost threshold: our till statements never reach
        // it, and for the back office's aggregates over the ledger the compiling cost more than it saved (retention 0.84 s
        // without against 0.94–1.14 s with, RFM counts 0.72–0.75 s against 0.93–0.95 s, 1 M members). Options that name
        // jit keep their own value.
        if (settings.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? "-c jit=off" : settings.Options + " -c jit=off";
        }
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        Migrate(_dataSource);
        StartWriter(_dataSource.OpenConnection, reuseCommands: false);
    }

    /// <summary>
    /// Applies the schema steps this database has not had yet, and returns the schema version. A database that cannot
    /// be brought to it as it is fails with <see cref="SchemaConflictException"/>, saying what to do.
    /// </summary>
    public static int Migrate(string connectionString) => Migrate(connectionString, PostgresSchema.Steps.Count);

    /// <summary>Applies the steps up to <paramref name="version"/> only: for tests that need a database as an older build left it.</summary>
    internal static int Migrate(string connectionString, int version)
    {
        using var dataSource = NpgsqlDataSource.Create(connectionString);
        return Migrate(dataSource, version);
    }

    // NpgsqlConnectionStringBuilder.ContainsKey answers true for every keyword it knows, set or not: ask the plain builder.
    private static bool Names(string connectionString, string keyword) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));

    public override DbConnection OpenRead() => _dataSource.OpenConnection();

    public override DbTransaction BeginSnapshot(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    public override object Utc(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadUtc(DbDataReader row, int ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal);

    public override bool IsKeyViolation(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // Npgsql 10 already empties the pool when a connection breaks on an I/O error or a shutdown; this also covers the
    // connections that were idle in the pool while the writer found the database gone.
    protected override void ClearReadPool() => _dataSource.Clear();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private static int Migrate(NpgsqlDataSource dataSource, int? version = null)
    {
        var steps = PostgresSchema.Steps.Take(version ?? int.MaxValue).ToList();
        using var connection = dataSource.OpenConnection();
        SchemaMigration.Apply(connection, steps,
            readVersionSql: $"""
                SELECT pg_advisory_xact_lock({MigrationLock});
                CREATE TABLE IF NOT EXISTS retention_schema (version integer NOT NULL);
                SELECT coalesce(max(version), 0) FROM retention_schema;
                """,
            writeVersionSql: step => $"DELETE FROM retention_schema; INSERT INTO retention_schema VALUES ({step});",
            alreadyDone: (step, c, t) => step == PostgresSchema.OrleansTablesStep && PostgresOrleansTables.Adopt(c, t),
            explain: PostgresOrleansTables.Explain);
        return steps.Count;
    }
}

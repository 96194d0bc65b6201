using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Hosting;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sqlite;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Grains.Tests.Golden;

/// <summary>A store of the test's own holding a copy of the golden data, as the code of its commit wrote it (not yet migrated).</summary>
public abstract class GoldenStore : IAsyncDisposable
{
    public abstract void Configure(ISiloBuilder silo);

    /// <summary>Applies the schema steps this build has, as a silo does when it opens the store.</summary>
    public abstract Task MigrateAsync();

    /// <summary>Runs the receipt-identity step once more, as on a database it already upgraded.</summary>
    public abstract Task MigrateAgainAsync();

    /// <summary>Rows of a query, each as its values joined by '|' (null as '-', dates as yyyy-MM-dd).</summary>
    public async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
            {
                DBNull => "-",
                DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                var value => Convert.ToString(value, CultureInfo.InvariantCulture),
            })));
        }
        return rows;
    }

    protected abstract Task<DbConnection> OpenAsync();

    public abstract ValueTask DisposeAsync();

    private static string GoldenFile(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", name);

    public sealed class Sqlite : GoldenStore
    {
        private readonly string _folder = TestClusters.NewDataFolder();

        public Sqlite() => File.Copy(GoldenFile(GoldenData.SqliteFile), DatabasePath);

        private string DatabasePath => Path.Combine(_folder, SqliteStorageExtensions.DatabaseFileName);

        public override void Configure(ISiloBuilder silo) => silo.UseSqliteStorage(_folder);

        public override async Task MigrateAsync() => await new SqliteDatabase(DatabasePath).DisposeAsync();

        public override async Task MigrateAgainAsync()
        {
            await using (var connection = await OpenAsync())
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = SqliteSchema.Steps[2]; // 3: the receipt-identity rewrite
                await command.ExecuteNonQueryAsync();
            }
        }

        protected override async Task<DbConnection> OpenAsync()
        {
            var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
            await connection.OpenAsync();
            return connection;
        }

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            TestClusters.DeleteFolder(_folder);
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Postgres : GoldenStore
    {
        private readonly PostgresTestDatabase _database;

        private Postgres(PostgresTestDatabase database) => _database = database;

        /// <summary>A fresh database with the golden dump restored; skips (or fails on CI) without PostgreSQL.</summary>
        public static async Task<Postgres> CreateAsync()
        {
            var store = new Postgres(await PostgresTestDatabase.CreateAsync());
            // psql meta-commands (\restrict) are not SQL; the rest is plain statements.
            var dump = string.Join('\n', (await File.ReadAllLinesAsync(GoldenFile(GoldenData.PostgresDump))).Where(l => !l.StartsWith('\\')));
            await using var connection = await store.OpenAsync();
            await using var restore = connection.CreateCommand();
            restore.CommandText = dump;
            await restore.ExecuteNonQueryAsync();
            return store;
        }

        public override void Configure(ISiloBuilder silo) => silo.UsePostgresStorage(_database.ConnectionString);

        public override Task MigrateAsync()
        {
            PostgresDatabase.Migrate(_database.ConnectionString);
            return Task.CompletedTask;
        }

        public override async Task MigrateAgainAsync()
        {
            await using (var connection = await OpenAsync())
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = PostgresSchema.Steps[5]; // 6: the receipt-identity rewrite
                await command.ExecuteNonQueryAsync();
            }
        }

        // A connection of its own: the dump changes session settings (search_path).
        protected override async Task<DbConnection> OpenAsync()
        {
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            return connection;
        }

        public override ValueTask DisposeAsync() => _database.DisposeAsync();
    }
}

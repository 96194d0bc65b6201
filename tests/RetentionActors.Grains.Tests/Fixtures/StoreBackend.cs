using RetentionActors.Storage.Hosting;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Grains.Tests.Fixtures;

/// <summary>Where a test cluster keeps its state; each backend is a store of the test's own, removed afterwards.</summary>
public abstract class StoreBackend : IAsyncDisposable
{
    public abstract void Configure(ISiloBuilder silo);

    public abstract ValueTask DisposeAsync();

    /// <summary>Makes a customer's operation keys look recorded in 2000, as if done long ago; run while no cluster uses the store.</summary>
    public abstract Task AgeOperationKeysAsync(string customerId);

    public sealed class Sqlite : StoreBackend
    {
        private readonly string _folder = TestClusters.NewDataFolder();

        public override void Configure(ISiloBuilder silo) => silo.UseSqliteStorage(_folder);

        public override async Task AgeOperationKeysAsync(string customerId)
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                $"Data Source={Path.Combine(_folder, SqliteStorageExtensions.DatabaseFileName)};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE operations SET recorded_utc = '2000-01-01T00:00:00.0000000Z' WHERE customer_id = $id";
            command.Parameters.AddWithValue("$id", customerId);
            await command.ExecuteNonQueryAsync();
        }

        public override ValueTask DisposeAsync()
        {
            TestClusters.DeleteFolder(_folder);
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Postgres(PostgresTestDatabase database) : StoreBackend
    {
        /// <summary>A fresh database; skips (or fails on CI) when no PostgreSQL is configured.</summary>
        public static async Task<Postgres> CreateAsync() => new(await PostgresTestDatabase.CreateAsync());

        public override void Configure(ISiloBuilder silo) => silo.UsePostgresStorage(database.ConnectionString);

        public override async Task AgeOperationKeysAsync(string customerId)
        {
            await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("UPDATE operations SET recorded_utc = '2000-01-01T00:00:00Z' WHERE customer_id = @id", connection);
            command.Parameters.AddWithValue("id", customerId);
            await command.ExecuteNonQueryAsync();
        }

        public override ValueTask DisposeAsync() => database.DisposeAsync();
    }
}

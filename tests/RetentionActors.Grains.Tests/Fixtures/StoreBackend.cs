using RetentionActors.Storage.Hosting;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Grains.Tests.Fixtures;

/// <summary>Where a test cluster keeps its state; each backend is a store of the test's own, removed afterwards.</summary>
public abstract class StoreBackend : IAsyncDisposable
{
    public abstract void Configure(ISiloBuilder silo);

    public abstract ValueTask DisposeAsync();

    public sealed class Sqlite : StoreBackend
    {
        private readonly string _folder = TestClusters.NewDataFolder();

        public override void Configure(ISiloBuilder silo) => silo.UseSqliteStorage(_folder);

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

        public override ValueTask DisposeAsync() => database.DisposeAsync();
    }
}

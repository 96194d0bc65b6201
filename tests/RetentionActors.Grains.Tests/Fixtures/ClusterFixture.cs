using System.Runtime.ExceptionServices;
using Orleans.TestingHost;

namespace RetentionActors.Grains.Tests.Fixtures;

/// <summary>A two-silo cluster on one store, shared by a collection of tests; each test uses fresh ids.</summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private StoreBackend? _store;
    private InProcessTestCluster? _cluster;
    private ExceptionDispatchInfo? _failure;

    public InProcessTestCluster Cluster
    {
        get
        {
            _failure?.Throw(); // a missing PostgreSQL: skipped here, a failure on CI
            return _cluster!;
        }
    }

    public IClusterClient Client => Cluster.Client;

    protected abstract Task<StoreBackend> CreateStoreAsync();

    public async ValueTask InitializeAsync()
    {
        try
        {
            _store = await CreateStoreAsync();
            _cluster = await TestClusters.StartAsync(_store.Configure);
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}

public sealed class SqliteClusterFixture : ClusterFixture
{
    protected override Task<StoreBackend> CreateStoreAsync() => Task.FromResult<StoreBackend>(new StoreBackend.Sqlite());
}

public sealed class PostgresClusterFixture : ClusterFixture
{
    protected override async Task<StoreBackend> CreateStoreAsync() => await StoreBackend.Postgres.CreateAsync();
}

[CollectionDefinition(Name)]
public sealed class SqliteCluster : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "cluster on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCluster : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "cluster on postgres";
}

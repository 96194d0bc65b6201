using Orleans.TestingHost;

namespace RetentionActors.Grains.Tests.Fixtures;

/// <summary>A two-silo cluster shared by the tests of <see cref="ClusterCollection"/>; each test uses fresh ids.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _dataFolder = TestClusters.NewDataFolder();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync() => Cluster = await TestClusters.StartAsync(_dataFolder);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        TestClusters.DeleteFolder(_dataFolder);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

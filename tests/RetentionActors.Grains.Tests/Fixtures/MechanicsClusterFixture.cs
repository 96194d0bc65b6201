using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using RetentionActors.Storage.Hosting;

namespace RetentionActors.Grains.Tests.Fixtures;

/// <summary>
/// A two-silo cluster whose grains read business time from a fake clock the tests move by hand
/// (Orleans itself keeps real time), on a SQLite file of its own, with its own program.
/// </summary>
public sealed class MechanicsClusterFixture : IAsyncLifetime
{
    private readonly string _folder = TestClusters.NewDataFolder();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync() => Cluster = await TestClusters.StartAsync(silo =>
    {
        silo.Services.AddKeyedSingleton<TimeProvider>(GrainServices.ClockKey, Clock);
        silo.UseSqliteStorage(_folder);
    });

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        TestClusters.DeleteFolder(_folder);
    }
}

[CollectionDefinition(Name)]
public sealed class MechanicsCluster : ICollectionFixture<MechanicsClusterFixture>
{
    public const string Name = "mechanics with a fake clock";
}

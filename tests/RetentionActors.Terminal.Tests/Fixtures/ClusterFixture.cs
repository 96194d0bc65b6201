using Orleans.TestingHost;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Grains;
using RetentionActors.Storage.Hosting;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>One in-process silo on the real SQLite store, shared by the tests of <see cref="ClusterCollection"/>; tests use fresh ids.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private static int _cardCounter = Random.Shared.Next(1_000_000);
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("retention-terminal-test-").FullName;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSqliteStorage(_dataFolder);
            silo.Services.AddRetentionGrains();
        });
        // The fixture's client seeds customers as the back office would; the desks under test use it too.
        InternalClient.Trust(builder);
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection may still hold the file; the OS cleans temp folders.
        }
    }

    /// <summary>A fresh magstripe card id.</summary>
    public static CardId NewCardId() => CardId.Parse($"mag:{60_000_000_000 + Interlocked.Increment(ref _cardCounter)}{Random.Shared.Next(100, 999)}");

    /// <summary>A new customer with a new active card.</summary>
    public async Task<(string CustomerId, CardId Card)> EnrolledCardAsync(string name)
    {
        var customerId = $"c-{Guid.NewGuid():N}";
        var card = NewCardId();
        var enrolled = await Client.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile(name));
        Assert.True(enrolled.IsAccepted, enrolled.Declined?.Message);
        var linked = await Client.GetGrain<ILoyaltyCardGrain>(card.ToString()).LinkAsync(customerId);
        Assert.True(linked.IsAccepted, linked.Declined?.Message);
        return (customerId, card);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RetentionActors.Grains.Security;

namespace RetentionActors.Tests.Shared;

/// <summary>
/// Makes an in-process test cluster's client part of the cluster, as the back office is: the silos get a
/// cluster secret of this test's own and the client's calls carry its internal mark. Call after the
/// storage is configured (the secret registered here replaces the stored one).
/// </summary>
public static class InternalClient
{
    public static ClusterSecret Trust(InProcessTestClusterBuilder builder)
    {
        var secret = new ClusterSecret(ClusterSecret.NewSecret());
        builder.ConfigureSilo((_, silo) => silo.Services.AddSingleton(secret));
        builder.ConfigureClient(client => client.AddOutgoingGrainCallFilter(new InternalCallMarker(secret)));
        return secret;
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using RetentionActors.Grains;
using RetentionActors.Grains.Security;
using RetentionActors.Storage.Hosting;

namespace RetentionActors.Bench.Cluster;

/// <summary>
/// Silos hosted in this process, configured as the real silo does (silo/Hosting/RetentionSiloExtensions.cs),
/// and one Orleans client that reaches them through their gateways, as terminals do.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    // Away from the defaults (11111/30000) so a bench run never meets a developer's silo or the tests.
    private const int FirstSiloPort = 22111;
    private const int FirstGatewayPort = 32111;
    private const string ServiceId = "retention";

    private readonly List<IHost> _silos;
    private readonly IHost _client;

    private BenchCluster(List<IHost> silos, IHost client) => (_silos, _client) = (silos, client);

    public IClusterClient Grains => _client.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchCluster> StartAsync(Backend backend, string clusterId)
    {
        var silos = new List<IHost>();
        for (var i = 0; i < backend.Silos; i++)
        {
            var silo = Silo(backend, clusterId, FirstSiloPort + i, FirstGatewayPort + i);
            await silo.StartAsync();
            silos.Add(silo);
        }
        // The load generator plays the whole shop floor and the back office at once, so it connects as part of the cluster.
        var client = Client(clusterId, Enumerable.Range(FirstGatewayPort, backend.Silos), silos[0].Services.GetRequiredService<ClusterSecret>());
        await client.StartAsync();
        return new BenchCluster(silos, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        // Stopped in reverse, each one gracefully, so the membership table says "dead" and the next run need not wait.
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].StopAsync();
            _silos[i].Dispose();
        }
    }

    private static IHost Silo(Backend backend, string clusterId, int siloPort, int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        Quiet(builder.Logging);
        builder.UseOrleans(silo =>
        {
            if (backend.Postgres is { } postgres)
            {
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, ServiceId));
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
                silo.UsePostgresClustering(postgres).UsePostgresStorage(postgres);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: clusterId);
                silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
                silo.UseSqliteStorage(backend.SqliteFolder!);
            }
            silo.Services.AddRetentionGrains();
        });
        return builder.Build();
    }

    private static IHost Client(string clusterId, IEnumerable<int> gatewayPorts, ClusterSecret secret)
    {
        var builder = Host.CreateApplicationBuilder();
        Quiet(builder.Logging);
        builder.UseOrleansClient(client => client
            .UseStaticClustering([.. gatewayPorts.Select(port => new IPEndPoint(IPAddress.Loopback, port))])
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, ServiceId))
            .AddOutgoingGrainCallFilter(new InternalCallMarker(secret)));
        return builder.Build();
    }

    private static void Quiet(ILoggingBuilder logging) =>
        logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddFilter("Microsoft", LogLevel.Error);
}

using RetentionActors.Bench.Load;
using RetentionActors.Bench.Postgres;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// One size of the scale scenario, kept running after its own figures: its seeded database, its two silo processes and
/// the cluster client, so the accrual can afterwards be measured at every size in turn (<see cref="AccrualAcrossSizes"/>).
/// Disposing stops the silos and drops the database.
/// </summary>
public sealed class ScaleSite(PostgresServer server, int size, string databaseName) : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private readonly List<IAsyncDisposable> _clients = [];

    public int Size { get; } = size;

    public string Target { get; } = $"pg 2 silos, {size:N0} members";

    public string DatabaseName { get; } = databaseName;

    public SiloClient? Cluster { get; private set; }

    /// <summary>The bench's CPU meter with this site's silo processes counted too.</summary>
    public CpuMeter? Cpu { get; set; }

    /// <summary>The member ranks the accrual over active members sold to; set by <see cref="ScaleAccrual"/>.</summary>
    public int[] ActiveMembers { get; set; } = [];

    public SiloProcess Hold(SiloProcess silo)
    {
        _silos.Add(silo);
        return silo;
    }

    public SiloClient Hold(SiloClient client)
    {
        _clients.Add(client);
        return client;
    }

    public SiloClient HoldCluster(SiloClient cluster) => Cluster = Hold(cluster);

    /// <summary>Clients first, then the silos asked to stop (killed if that fails), then the database dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        foreach (var silo in _silos)
        {
            try
            {
                await silo.TerminateAsync();
            }
            catch (TimeoutException)
            {
                // Disposing below kills it.
            }
            await silo.DisposeAsync();
        }
        _clients.Clear();
        _silos.Clear();
        await server.DropDatabaseAsync(DatabaseName);
    }
}

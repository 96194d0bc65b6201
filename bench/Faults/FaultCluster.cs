using System.Net;
using RetentionActors.Bench.Postgres;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Bench.Faults;

/// <summary>
/// What the fault drills break: two real silo processes in cluster mode on a PostgreSQL server of the drills' own
/// (so it can be restarted), and a client inside the cluster that plays the back office and reads the ledgers back.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    private readonly string _dataFolder;
    private readonly List<SiloProcess> _silos;
    private readonly List<SiloPorts> _ports;
    private readonly List<SiloProcess> _stopped = [];
    private readonly List<SiloProcess> _everStarted;

    private FaultCluster(PostgresServer server, string database, string dataFolder, List<SiloProcess> silos, List<SiloPorts> ports, SiloClient insider)
    {
        (Server, Database, _dataFolder, _silos, _ports, Insider) = (server, database, dataFolder, silos, ports, insider);
        _everStarted = [.. silos];
    }

    public PostgresServer Server { get; }

    /// <summary>The cluster's database (trust authentication on loopback: no secret in it).</summary>
    public string Database { get; }

    /// <summary>The back office's view: its calls carry the cluster's internal mark.</summary>
    public SiloClient Insider { get; }

    public IGrainFactory Grains => Insider.Grains;

    /// <summary>The gateways a till is configured with, the killed silo's included (a till does not know which died).</summary>
    public IReadOnlyList<IPEndPoint> Gateways => [.. _silos.Select(s => new IPEndPoint(IPAddress.Loopback, s.GatewayPort))];

    /// <summary>The silos' ports, kept across a restart so tills find a restarted silo where it was.</summary>
    public IReadOnlyList<SiloPorts> Ports => _ports;

    public static async Task<FaultCluster> StartAsync(PostgresServer server, string scratch, string databaseName = "bench_faults")
    {
        var database = await server.CreateDatabaseAsync(databaseName);
        var dataFolder = Directory.CreateDirectory(Path.Combine(scratch, $"{databaseName}-silos")).FullName;
        List<SiloPorts> ports = [SiloPorts.Free(), SiloPorts.Free()];
        var silos = new List<SiloProcess>();
        foreach (var silo in ports)
        {
            silos.Add(await SiloProcess.StartAsync(dataFolder, silo, "--postgres", database));
        }
        var insider = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database), [.. silos.Select(s => s.GatewayPort)]);
        return new FaultCluster(server, database, dataFolder, silos, ports, insider);
    }

    /// <summary>A client inside the cluster that reaches it through one silo's gateway only.</summary>
    public Task<SiloClient> ConnectThroughAsync(int silo) =>
        SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(Database), _silos[silo].GatewayPort);

    /// <summary>Issues a till credential with the silo's own command, into a file only its owner reads; returns the file.</summary>
    public async Task<string> IssueTillCredentialAsync(string storeId, string terminalId)
    {
        var file = Path.Combine(_dataFolder, $"{storeId}-{terminalId}.credential");
        var (exitCode, output, errors) = await SiloProcess.RunCommandAsync(
            "credential", "issue", "--store", storeId, "--terminal", terminalId, "--role", "till", "--days", "1", "--out", file, "--postgres", Database);
        return exitCode == 0 ? file : throw new InvalidOperationException($"credential issue exited with {exitCode}: {output}{errors}");
    }

    /// <summary>
    /// How many lines containing <paramref name="text"/> every silo started so far has logged, the ones killed or
    /// stopped included (their output is kept).
    /// </summary>
    public int CountLogged(string text) =>
        _everStarted.Sum(silo => silo.Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal)));

    /// <summary>SIGSTOPs the second silo: it stops dead with its connections open, as a hung process or a long pause does.</summary>
    public Task SuspendSecondSiloAsync() => _silos[1].SuspendAsync();

    /// <summary>SIGCONTs the suspended second silo.</summary>
    public Task ResumeSecondSiloAsync() => _silos[1].ResumeAsync();

    /// <summary>SIGKILLs the second silo: no shutdown code runs, as when its machine loses power.</summary>
    public async Task KillSecondSiloAsync()
    {
        await _silos[1].KillAsync();
        _stopped.Add(_silos[1]);
    }

    /// <summary>SIGTERMs the second silo, as a rolling deploy does, and waits until it has left; returns its exit code.</summary>
    public async Task<int> StopSecondSiloAsync()
    {
        var exitCode = await _silos[1].TerminateAsync();
        _stopped.Add(_silos[1]);
        return exitCode;
    }

    /// <summary>
    /// Starts the second silo again on its ports after a kill or a stop, and waits until it serves. A start that fails
    /// leaves the old (stopped) process in its place, so disposing the cluster still cleans up.
    /// </summary>
    public async Task RestartSecondSiloAsync()
    {
        var old = _silos[1];
        if (!_stopped.Contains(old))
        {
            throw new InvalidOperationException("The second silo still runs: kill or stop it before starting it again.");
        }
        await old.DisposeAsync();
        var started = await SiloProcess.StartAsync(_dataFolder, _ports[1], "--postgres", Database);
        _everStarted.Add(started);
        _silos[1] = started;
        _stopped.Remove(old);
    }

    public async ValueTask DisposeAsync()
    {
        await Insider.DisposeAsync();
        foreach (var silo in _silos)
        {
            // Ctrl+C for the living, so the membership table says they left.
            if (!_stopped.Contains(silo))
            {
                await silo.InterruptAsync();
            }
            await silo.DisposeAsync();
        }
    }
}

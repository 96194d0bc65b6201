using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Orleans.Serialization.TypeSystem;
using RetentionActors.Contracts.Runtime;
using RetentionActors.Grains.Cards;
using RetentionActors.Grains.Customers;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Bench.Soak;

/// <summary>
/// The silo a soak runs against: the silo program itself, embedded (SQLite), in a process of its own, so its resident
/// memory and CPU are the silo's alone. It runs with a short grain idle age, so the idle phase after the load is short.
/// The bench reads its memory from the back-office API (as an admin, with a bootstrap token of this run's own, given in
/// the environment) and its activations through an insider client, which also seeds the customers and reads the ledgers.
/// </summary>
public sealed partial class SoakSilo : IAsyncDisposable
{
    private readonly SiloProcess _process;
    private readonly HttpClient _http;

    private SoakSilo(SiloProcess process, HttpClient http, SiloClient insider, string dataFolder)
    {
        (_process, _http, Insider, DataFolder) = (process, http, insider, dataFolder);
    }

    public SiloClient Insider { get; }

    public string DataFolder { get; }

    /// <summary>The credential the embedded silo keeps for this machine's till (store-1/till-1).</summary>
    public string TillCredential => Path.Combine(DataFolder, "local-till.credential");

    /// <summary>The silo's process, for a diagnostics session on it.</summary>
    public int ProcessId => _process.ProcessId;

    public IReadOnlyList<IPEndPoint> Gateways => [new IPEndPoint(IPAddress.Loopback, _process.GatewayPort)];

    public static async Task<SoakSilo> StartAsync(string scratch, TimeSpan idleAge)
    {
        var folder = Directory.CreateDirectory(Path.Combine(scratch, "soak-silo")).FullName;
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var process = await SiloProcess.StartAsync(folder, new Dictionary<string, string> { ["RETENTION_ADMIN_TOKEN"] = token },
            "--grain-idle-minutes", idleAge.TotalMinutes.ToString("0.####", CultureInfo.InvariantCulture));
        var http = new HttpClient { BaseAddress = new Uri(new Uri(await process.DashboardUrl).GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var insider = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(folder), process.GatewayPort);
        return new SoakSilo(process, http, insider, folder);
    }

    /// <summary>
    /// Batches of writes the silo reported slower than 100 ms so far (its "Slow commits: N batch(es)" warnings, at most
    /// one line per 10 s, each counting those since the one before): every sale in such a batch waited as long.
    /// </summary>
    public int SlowCommitsReported() =>
        SlowCommitLine().Matches(_process.Output).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    /// <summary>Full collections the silo ran to give memory back after a quiet minute (its QuietMemoryRelease log lines).</summary>
    public int QuietReleasesReported() => QuietReleaseLine().Count(_process.Output);

    [System.Text.RegularExpressions.GeneratedRegex("The silo was quiet for a minute: released")]
    private static partial System.Text.RegularExpressions.Regex QuietReleaseLine();

    [System.Text.RegularExpressions.GeneratedRegex(@"Slow commits: (\d+) batch")]
    private static partial System.Text.RegularExpressions.Regex SlowCommitLine();

    public async Task<RuntimeMemory> MemoryAsync() =>
        await _http.GetFromJsonAsync<RuntimeMemory>("/api/runtime/memory") ?? throw new InvalidOperationException("The silo answered no memory figures.");

    /// <summary>A full compacting collection in the silo, then its memory: what is really alive.</summary>
    public async Task<RuntimeMemory> CollectAsync()
    {
        using var answer = await _http.PostAsync("/api/runtime/memory/collect", null);
        answer.EnsureSuccessStatusCode();
        return await answer.Content.ReadFromJsonAsync<RuntimeMemory>() ?? throw new InvalidOperationException("The silo answered no memory figures.");
    }

    /// <summary>Activations on the silo: customers and cards, and every grain type together.</summary>
    public async Task<Activations> ActivationsAsync()
    {
        // The silo's running count per grain class (up at creation, down once an activation is disposed), not the detailed
        // statistics: those walk every activation while holding the silo's activation directory, which stalled every
        // till for about 100 ms once a minute in the 30-minute soak.
        var counts = await Insider.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        int Of(Type grainClass) => counts.Where(c => c.GrainType == RuntimeTypeNameFormatter.Format(grainClass)).Sum(c => c.ActivationCount);
        return new Activations(Of(typeof(CustomerGrain)), Of(typeof(LoyaltyCardGrain)), counts.Sum(c => c.ActivationCount));
    }

    public async ValueTask DisposeAsync()
    {
        await Insider.DisposeAsync();
        _http.Dispose();
        // Killed, not stopped: its data is thrown away, and a silo stopping with 10,000 activations (the ledger audit
        // wakes every customer) took longer than SiloProcess waits for Ctrl+C once, on the loaded shared machine.
        await _process.DisposeAsync();
    }
}

/// <summary>Grain activations on a silo at one moment.</summary>
public sealed record Activations(int Customers, int Cards, int All)
{
    public int CustomersAndCards => Customers + Cards;
}

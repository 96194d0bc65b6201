using Microsoft.Diagnostics.NETCore.Client;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Postgres;
using RetentionActors.Bench.Profiling;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Where the CPU of an accrual goes (issue 15, part 4): the till sequence on PostgreSQL with one silo at a fixed, moderate
/// open-loop rate; after a CHECKPOINT and a warm-up, <see cref="Windows"/> measured windows, each giving CPU µs per accrual
/// of this process (load generator, client and silo share it), of PostgreSQL, and of the components inside this process
/// from an EventPipe CPU sample profile. Printed per component as the median and min–max over the windows.
/// </summary>
public static class CpuScenario
{
    public const string Name = "cpu";

    public const int Windows = 3;

    public static async Task RunAsync(BenchContext context, PostgresServer server, string orleansDatabase)
    {
        var options = context.Options;
        var backend = Backend.PostgreSql(orleansDatabase, 1);
        // A cluster id of its own, so it does not wait on the membership of another scenario's cluster.
        await using var cluster = await BenchCluster.StartAsync(backend, $"bench-{backend.Name}-cpu");
        await Seeder.SeedAsync(cluster.Grains, options.Customers, backend.Name);
        var till = new Till(cluster.Grains, $"{context.RunTag}-cpu");
        var before = await Till.TotalBalanceAsync(cluster.Grains, options.Customers);
        var checkpoint = await AlternatingBaselines.CheckpointAsync(server);

        var load = new OpenLoop(options.Terminals, options.CpuRate);
        var warmup = TimeSpan.FromSeconds(options.Quick ? 3 : 10);
        Console.Error.WriteLine(FormattableString.Invariant(
            $"  cpu: {options.CpuRate:N0}/s open loop over {options.Terminals} terminals, {warmup.TotalSeconds:F0} s warm-up, {Windows} × {options.Seconds:F0} s measured, then {Windows} × {options.Seconds:F0} s profiled"));
        var selling = load.RunAsync(warmup + 2 * Windows * options.Duration + TimeSpan.FromSeconds(1), terminal => till.AccrueAsync(terminal, context.Zipf.Next(terminal.Random)));

        var started = Stopwatch.StartNew();
        await Until(started, warmup);
        var (plain, latencies) = await WindowsAsync(context, load, started, warmup);
        // The sampler stops every thread about once a millisecond, which costs CPU of its own: the windows that give the
        // µs are not profiled; the profiled ones that follow give the shares. The session starts a second before them,
        // so what starting it costs falls outside them too.
        var profilePath = Path.Combine(context.Scratch, "cpu.nettrace");
        var profiledFrom = warmup + Windows * options.Duration + TimeSpan.FromSeconds(1);
        List<CpuSnapshot> profiled;
        var profile = TryProfile(context, profilePath);
        await using (profile)
        {
            await Until(started, profiledFrom);
            (profiled, _) = await WindowsAsync(context, load, started, profiledFrom);
        }
        await selling;
        if (load.FirstError is { } error)
        {
            Console.Error.WriteLine($"  cpu: first error: {error.GetType().Name}: {error.Message}");
        }

        var (samples, hottest) = profile is null
            ? (Enumerable.Range(0, Windows).Select(_ => new WindowSamples()).ToArray(), [])
            : ProfileReader.Read(profilePath, [.. profiled.Select(s => s.Utc)]);
        var windows = Enumerable.Range(0, Windows)
            .Select(i => CpuWindow.From(plain[i], plain[i + 1], samples[i], profiled[i], profiled[i + 1])).ToArray();
        Report(context, windows, latencies, checkpoint);
        if (hottest.Count > 0)
        {
            context.Report.Notes.Add("cpu: hottest running methods per component over the profiled windows (samples): "
                + string.Join("; ", hottest.OrderByDescending(c => c.Value.Values.Sum()).Select(c => $"{c.Key}: "
                    + string.Join(", ", c.Value.OrderByDescending(m => m.Value).Take(4).Select(m => $"{m.Key} ({m.Value:N0})")))));
        }
        context.Report.Add(await till.BalancesMovedAsync(Name, backend.Name, before, options.Customers));
    }

    // A process started with DOTNET_EnableDiagnostics=0, or without a writable temporary folder, has no diagnostics
    // port: the per-process figures still stand, and the report says why the split is missing.
    private static TraceRecording? TryProfile(BenchContext context, string path)
    {
        try
        {
            return SampleProfile.Start(path);
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            context.Report.Notes.Add($"cpu: no split by component, the EventPipe session did not start ({e.GetType().Name}: {e.Message}); is DOTNET_EnableDiagnostics=0 set?");
            return null;
        }
    }

    // Windows back to back from `from`: the snapshots at their edges and the latencies of each.
    private static async Task<(List<CpuSnapshot> Edges, List<List<long>> Latencies)> WindowsAsync(BenchContext context, OpenLoop load, Stopwatch started, TimeSpan from)
    {
        var edges = new List<CpuSnapshot> { CpuSnapshot.Take(context.Cpu, load) };
        var latencies = new List<List<long>>();
        load.TakeLatencies();
        for (var window = 1; window <= Windows; window++)
        {
            await Until(started, from + window * context.Options.Duration);
            edges.Add(CpuSnapshot.Take(context.Cpu, load));
            latencies.Add(load.TakeLatencies());
        }
        return (edges, latencies);
    }

    private static void Report(BenchContext context, CpuWindow[] windows, List<List<long>> latencies, string checkpoint)
    {
        var options = context.Options;
        var accruals = windows.Sum(w => w.Accruals);
        var latency = Latencies.From([.. latencies.SelectMany(l => l)]);
        var seconds = windows.Sum(w => w.Seconds);
        var loads = string.Join(", ", windows.Select(w => w.LoadAverage.Split(' ')[0]));
        var components = windows.SelectMany(w => w.MicrosecondsPerAccrual.Keys).Distinct()
            .OrderBy(c => Order(c)).ThenByDescending(c => Median(windows.Select(w => w.MicrosecondsPerAccrual.GetValueOrDefault(c)))).ToList();
        foreach (var component in components)
        {
            var micros = windows.Select(w => w.MicrosecondsPerAccrual.GetValueOrDefault(component)).ToArray();
            // A component with no sample in a window had no share of it; totals and processes have none at all.
            var shares = windows.Select(w => w.Shares.GetValueOrDefault(component, Order(component) == 3 ? 0 : double.NaN)).ToArray();
            var isTotal = component == CpuWindow.Total;
            var note = FormattableString.Invariant($"µs/accrual min–max {micros.Min():N0}–{micros.Max():N0}")
                + (double.IsNaN(shares[0]) ? "" : FormattableString.Invariant($"; share of the bench process's managed-code samples {Median(shares):P1} ({shares.Min():P1}–{shares.Max():P1})"))
                + (isTotal ? FormattableString.Invariant($"; {options.CpuRate:N0}/s open loop, {checkpoint}{(context.Cpu.IncludesDatabase ? "" : "; PostgreSQL's CPU not measured (not started by the bench)")}; load average at the windows' ends {loads}; {windows.Sum(w => w.ManagedSamples):N0} managed-code samples, {windows.Sum(w => w.ExternalSamples):N0} outside managed code (not attributed); the profiled windows' bench process took {Median(windows.Select(w => w.ProfiledProcessMicroseconds)):N0} µs/accrual (sampler overhead)") : "");
            context.Report.Add(new Figure(Name, component, options.Terminals, accruals, accruals / seconds,
                isTotal ? latency.P50 : double.NaN, isTotal ? latency.P95 : double.NaN, isTotal ? latency.P99 : double.NaN, isTotal ? latency.Max : double.NaN,
                Median(micros), isTotal ? windows.Sum(w => w.Errors) : 0, note));
        }
    }

    // Totals and processes first, then the components of this process by their cost.
    private static int Order(string component) => component switch
    {
        CpuWindow.Total => 0,
        CpuWindow.Database => 1,
        CpuWindow.Process => 2,
        CpuWindow.GcPauses or CpuWindow.Jit => 4,
        _ => 3,
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task Until(Stopwatch started, TimeSpan at)
    {
        var left = at - started.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }
}

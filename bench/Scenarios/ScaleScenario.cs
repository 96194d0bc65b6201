using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Scenario 5, on the embedded store: for each store size, seed the customers, restart the silo so
/// every grain is cold, then measure (a) the first swipe of cold customers (activation loads the
/// customer and card from the store), (b) managed memory per activated customer with its card, and
/// (c) warm accrual cost over the whole population with the usual Zipf skew.
/// </summary>
public static class ScaleScenario
{
    public const string Name = "scale";
    private const int ColdSample = 2000;
    private const int ColdConcurrency = 16;

    public static async Task RunAsync(BenchContext context)
    {
        foreach (var size in context.Options.ScaleSizes)
        {
            var backend = Backend.Sqlite(Path.Combine(context.Scratch, $"scale-{size}"));
            var target = $"sqlite {size:N0} customers";
            await using (var seeding = await BenchCluster.StartAsync(backend, $"bench-scale-seed-{size}"))
            {
                var rate = await Seeder.SeedAsync(seeding.Grains, size, target);
                context.Report.Notes.Add(FormattableString.Invariant($"{target}: seeded through the grains at {rate:N0} customers/s"));
            }

            await using var cluster = await BenchCluster.StartAsync(backend, $"bench-scale-{size}");
            var sample = Math.Min(ColdSample, size);
            var ranks = Enumerable.Range(0, size).OrderBy(_ => Random.Shared.Next()).Take(sample).ToArray();
            var memoryBefore = SettledMemory();
            var cold = await ColdSwipesAsync(context, cluster, ranks, $"{context.RunTag}-scale{size}", target);
            var bytesPerCustomer = (SettledMemory() - memoryBefore) / (double)sample;
            context.Report.Add(cold with { Note = FormattableString.Invariant($"first swipe of {sample:N0} cold customers; ~{bytesPerCustomer / 1024:N1} KiB managed memory per activated customer+card") });

            var zipf = new Zipf(size, context.Options.ZipfExponent);
            var till = new Till(cluster.Grains, $"{context.RunTag}-scale{size}-warm");
            var warm = await context.Runner.RunAsync($"{Name} {target}", context.Options.Terminals, context.Options.Warmup, context.Options.Duration,
                terminal => till.AccrueAsync(terminal, zipf.Next(terminal.Random)));
            context.Report.Add(Figure.From($"{Name}-accrual", target, warm, context.CpuNote));
        }
        context.Report.Notes.Add($"scale ran on the embedded store only, at {string.Join(", ", context.Options.ScaleSizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} customers (--sizes)");
    }

    private static async Task<Figure> ColdSwipesAsync(BenchContext context, BenchCluster cluster, int[] ranks, string tag, string target)
    {
        var till = new Till(cluster.Grains, tag);
        var samples = new List<long>(ranks.Length);
        var errors = 0L;
        var next = -1;
        var cpuBefore = context.Cpu.Now();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, ColdConcurrency).Select(async i =>
        {
            var terminal = new SimulatedTerminal(i, i);
            int index;
            while ((index = Interlocked.Increment(ref next)) < ranks.Length)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await till.AccrueAsync(terminal, ranks[index]);
                terminal.Sequence++;
                var elapsed = Stopwatch.GetTimestamp() - started;
                lock (samples)
                {
                    samples.Add(elapsed);
                }
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (context.Cpu.Now() - cpuBefore).TotalMicroseconds / ranks.Length;
        var latency = Latencies.From(samples);
        return new Figure($"{Name}-cold", target, ColdConcurrency, ranks.Length,
            ranks.Length / seconds, latency.P50, latency.P95, latency.P99, latency.Max, cpu, errors);
    }

    private static long SettledMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

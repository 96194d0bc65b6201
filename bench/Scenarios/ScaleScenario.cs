using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Reporting;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Scenario 5, on the embedded store: for each store size, seed the customers in bulk (the store's own
/// writers, no silo: see <see cref="BulkSeeder"/>, checked row for row against enrolment through the
/// grains), start a silo on it so every grain is cold, then measure (a) the first swipe of cold
/// customers (activation loads the customer and card from the store), (b) managed memory per activated
/// customer with its card, and (c) warm accrual cost over the whole population with the usual Zipf skew.
/// Bulk seeding serves every size, so all sizes are laid out alike and 1,000,000 takes a minute or two
/// instead of about 11 through the grains.
/// </summary>
public static class ScaleScenario
{
    public const string Name = "scale";
    private const int ColdSample = 2000;
    private const int ColdConcurrency = 16;
    private const int EquivalenceSample = 20;

    public static async Task RunAsync(BenchContext context)
    {
        var (throughGrains, bulk, difference) = await SeedEquivalence.CompareAsync(context.Scratch, EquivalenceSample);
        context.Report.Add(new Check(Name, "bulk seeding", $"rows of {EquivalenceSample} customers seeded in bulk = rows enrolment through the grains writes (times masked)",
            $"{throughGrains} rows, no difference", $"{bulk} rows, {difference ?? "no difference"}"));

        foreach (var size in context.Options.ScaleSizes)
        {
            var folder = Path.Combine(context.Scratch, $"scale-{size}");
            var backend = Backend.Sqlite(folder);
            var target = $"sqlite {size:N0} customers";
            var clock = Stopwatch.StartNew();
            var rate = await BulkSeeder.SeedAsync(folder, size, target);
            var seeded = clock.Elapsed;
            clock.Restart();
            await using (var cluster = await BenchCluster.StartAsync(backend, $"bench-scale-{size}"))
            {
                context.Report.Notes.Add(FormattableString.Invariant(
                    $"{target}: seeded in bulk at {rate:N0} customers/s ({seeded.TotalSeconds:F0} s); the silo started on it in {clock.Elapsed.TotalSeconds:F1} s"));
                await MeasureAsync(context, cluster, size, target);
                await AccrueOnBulkSeededAsync(context, cluster, size - 1, target);
            }
            Directory.Delete(folder, recursive: true);
        }
        context.Report.Notes.Add($"scale ran on the embedded store only, at {string.Join(", ", context.Options.ScaleSizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} customers (--sizes)");
    }

    // Cold first swipes with the memory they take, then warm accruals over the whole population.
    private static async Task MeasureAsync(BenchContext context, BenchCluster cluster, int size, string target)
    {
        var sample = Math.Min(ColdSample, size);
        var ranks = Enumerable.Range(0, size).OrderBy(_ => Random.Shared.Next()).Take(sample).ToArray();
        var memoryBefore = await IdleSiloMemoryAsync(target);
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{target}: managed memory of the bench process with the idle silo, before any customer is active: {memoryBefore / 1048576.0:N0} MiB"));
        var cold = await ColdSwipesAsync(context, cluster, ranks, $"{context.RunTag}-scale{size}", target);
        var bytesPerCustomer = (SettledMemory() - memoryBefore) / (double)sample;
        context.Report.Add(cold with { Note = FormattableString.Invariant($"first swipe of {sample:N0} cold customers; ~{bytesPerCustomer / 1024:N1} KiB managed memory per activated customer+card") });

        var zipf = new Zipf(size, context.Options.ZipfExponent);
        var till = new Till(cluster.Grains, $"{context.RunTag}-scale{size}-warm");
        var warm = await context.Runner.RunAsync($"{Name} {target}", context.Options.Terminals, context.Options.Warmup, context.Options.Duration,
            terminal => till.AccrueAsync(terminal, zipf.Next(terminal.Random)));
        context.Report.Add(Figure.From($"{Name}-accrual", target, warm, context.CpuNote));
    }

    // The last customer written, untouched by the runs above (outside the cold sample, the Zipf tail): found by its card and credited exactly.
    private static async Task AccrueOnBulkSeededAsync(BenchContext context, BenchCluster cluster, int rank, string target)
    {
        var card = cluster.Grains.GetGrain<ILoyaltyCardGrain>(Shop.CardId(rank));
        var identity = await card.IdentifyAsync();
        context.Report.Add(new Check(Name, target, $"bulk-seeded card {Shop.CardId(rank)} identifies its customer", Shop.CustomerId(rank),
            identity.Customer?.CustomerId ?? identity.Declined?.Message ?? "nobody"));
        var before = identity.Customer?.Balance ?? 0;
        var accrual = await card.EarnAsync(Shop.Purchase(new Random(rank), "T900", $"{context.RunTag}-scale{rank}-check"));
        var after = (await cluster.Grains.GetGrain<ICustomerSummaryGrain>(Shop.CustomerId(rank)).GetAsync())?.Balance;
        context.Report.Add(new Check(Name, target, "bulk-seeded customer after one accrual: answer, balance",
            FormattableString.Invariant($"accepted, {before + accrual.PointsEarned}"),
            FormattableString.Invariant($"{(accrual.IsAccepted && accrual.PointsEarned > 0 ? "accepted" : "declined or no points")}, {after}")));
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

    // A silo goes on working for a while after it starts. Before the maintenance sweeps, its reminder service read the
    // reminders of its range (then a row per customer) in the background: on 1,000,000 customers managed memory rose
    // from 62 to 223 MiB over 14 s after the start, then fell to 24 MiB; measured right away, that read counted as the
    // activations' memory (~23 KiB per activation instead of ~7) and took their CPU. Customers have no reminders now,
    // but the wait stays cheap insurance: measure once memory has stopped moving, three readings in a row, 2 s apart,
    // within 1 MiB.
    private static async Task<long> IdleSiloMemoryAsync(string target)
    {
        var readings = new List<long> { SettledMemory() };
        while (readings.Count < 30 && (readings.Count < 3 || readings[^3..].Max() - readings[^3..].Min() > 1 << 20))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            readings.Add(SettledMemory());
            Console.Error.WriteLine(FormattableString.Invariant($"  {target}: idle silo, managed memory {readings[^1] / 1048576.0:N0} MiB"));
        }
        return readings[^1];
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

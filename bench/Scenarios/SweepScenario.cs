using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Accrual at rising terminal counts: throughput and p99 against concurrency (the chart). Then the latency goal's own
/// measurement: sales arriving at half the best throughput, open loop, and their p99 from arrival.
/// </summary>
public static class SweepScenario
{
    public const string Name = "sweep";

    public const string HalfRate = "sweep-half-rate";

    public static async Task RunAsync(BenchContext context, BenchCluster cluster, Backend backend)
    {
        var points = new List<Figure>();
        foreach (var level in context.Options.SweepLevels)
        {
            points.Add(await AccrualScenario.RunAsync(context, cluster, backend, level, Name));
        }
        var best = points.MaxBy(p => p.Throughput)!;
        var half = points.Where(p => p.Concurrency <= best.Concurrency).MinBy(p => Math.Abs(p.Throughput - best.Throughput / 2))!;
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{backend.Name}: best {best.Throughput:N0} accruals/s at {best.Concurrency} terminals; nearest to half of it: {half.Throughput:N0}/s at {half.Concurrency} terminals, p99 {half.P99:F2} ms (goal < 15 ms)"));
        if (best.Throughput > 0)
        {
            await AtHalfTheBestAsync(context, cluster, backend, best);
        }
    }

    /// <summary>
    /// The closed-loop steps rarely land on half the best rate, and a closed loop slows its arrivals when answers slow
    /// down, which hides queueing. Here sales arrive at exactly half the best rate whatever the answers take, dealt over
    /// as many terminals as the best step had, and latency runs from each sale's arrival.
    /// </summary>
    private static async Task AtHalfTheBestAsync(BenchContext context, BenchCluster cluster, Backend backend, Figure best)
    {
        var options = context.Options;
        var rate = best.Throughput / 2;
        var till = new Till(cluster.Grains, $"{context.RunTag}-{backend.Name}-{HalfRate}");
        var before = await Till.TotalBalanceAsync(cluster.Grains, options.Customers);
        var load = new OpenLoop(best.Concurrency, rate);
        var selling = load.RunAsync(options.Warmup + options.Duration, terminal => till.AccrueAsync(terminal, context.Zipf.Next(terminal.Random)));
        await Task.Delay(options.Warmup);
        load.TakeLatencies();
        var (completedBefore, errorsBefore) = (load.Completed, load.Errors);
        var pausedBefore = GC.GetTotalPauseDuration();
        var cpuBefore = context.Cpu.Now();
        var measured = Stopwatch.StartNew();
        await selling;
        var seconds = measured.Elapsed.TotalSeconds;
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var cpu = context.Cpu.Now() - cpuBefore;
        var latency = Latencies.From(load.TakeLatencies());
        var done = load.Completed - completedBefore;
        var errors = load.Errors - errorsBefore;
        context.Report.Add(new Figure(HalfRate, backend.Name, best.Concurrency, done, done / seconds, latency.P50, latency.P95, latency.P99,
            latency.Max, cpu.TotalMicroseconds / Math.Max(1, done), errors, FormattableString.Invariant($"open loop at {rate:N0}/s (half of {best.Throughput:N0}/s); latency from arrival")));
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{backend.Name}: at half the best rate, {rate:N0} sales/s arriving open loop over {best.Concurrency} terminals: p50 {latency.P50:F2}, p99 {latency.P99:F2}, max {latency.Max:F1} ms (goal p99 < 15 ms); {errors:N0} errors; CPU {cpu.TotalSeconds / seconds:F2} cores of {Environment.ProcessorCount} ({context.Cpu.Counts}); this process (load, client and silo) paused by its collector {paused.TotalMilliseconds:N0} ms in the {seconds:F1} s measured"));
        context.Report.Add(await till.BalancesMovedAsync(HalfRate, backend.Name, before, options.Customers));
    }
}

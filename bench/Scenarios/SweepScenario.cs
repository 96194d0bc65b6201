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
        load.TakeQueueWaits();
        using var commits = new CommitWatch();
        using var collector = new CollectorWatch();
        var (completedBefore, errorsBefore) = (load.Completed, load.Errors);
        var cpuBefore = context.Cpu.Now();
        var measured = Stopwatch.StartNew();
        await selling;
        var seconds = measured.Elapsed.TotalSeconds;
        var cpu = context.Cpu.Now() - cpuBefore;
        var latency = Latencies.From(load.TakeLatencies());
        var queued = Latencies.From(load.TakeQueueWaits());
        var done = load.Completed - completedBefore;
        var errors = load.Errors - errorsBefore;
        context.Report.Add(new Figure(HalfRate, backend.Name, best.Concurrency, done, done / seconds, latency.P50, latency.P95, latency.P99,
            latency.Max, cpu.TotalMicroseconds / Math.Max(1, done), errors, FormattableString.Invariant($"open loop at {rate:N0}/s (half of {best.Throughput:N0}/s); latency from arrival")));
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{backend.Name}: at half the best rate, {rate:N0} sales/s arriving open loop over {best.Concurrency} terminals: p50 {latency.P50:F2}, p99 {latency.P99:F2}, max {latency.Max:F1} ms (goal p99 < 15 ms); {errors:N0} errors; CPU {cpu.TotalSeconds / seconds:F2} cores of {Environment.ProcessorCount} ({context.Cpu.Counts})"));
        // Where the tail comes from: the commits every answer waits for, this process's collector (the load, the client and
        // the silo share it), and the wait before a sale is sent (the dealer's timer, and a terminal whose earlier sale was slow).
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{backend.Name}: at half the best rate, in the {seconds:F1} s measured: {commits.Summary()}; this process's collector: {collector.Summary(done)}; from its arrival to its terminal sending it, a sale waited p50 {queued.P50:F2}, p99 {queued.P99:F2} ms"));
        context.Report.Add(await till.BalancesMovedAsync(HalfRate, backend.Name, before, options.Customers));
    }
}

using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench.Scenarios;

/// <summary>Accrual at rising terminal counts: throughput and p99 against concurrency (the chart), and p99 at half the best throughput.</summary>
public static class SweepScenario
{
    public const string Name = "sweep";

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
    }
}

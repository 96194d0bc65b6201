using RetentionActors.Bench.Load;

namespace RetentionActors.Bench.Reporting;

/// <summary>One row of the results table: a scenario on a target at a concurrency. Latencies in ms, CPU in µs per operation.</summary>
public sealed record Figure(
    string Scenario,
    string Target,
    int Concurrency,
    long Operations,
    double Throughput,
    double P50,
    double P95,
    double P99,
    double Max,
    double CpuMicrosecondsPerOperation,
    long Errors,
    string Note = "")
{
    public static Figure From(string scenario, string target, LoadResult result, string note = "") =>
        new(scenario, target, result.Concurrency, result.Operations, result.Throughput, result.Latency.P50, result.Latency.P95,
            result.Latency.P99, result.Latency.Max, result.CpuMicrosecondsPerOperation, result.Errors, note);

    /// <summary>A row for one marked part of an operation (its own latencies, its own count over the same window).</summary>
    public static Figure FromMark(string scenario, string target, LoadResult result, string mark, string note = "")
    {
        var latency = result.Marks[mark];
        var count = result.MarkCounts[mark];
        return new(scenario, target, result.Concurrency, count, count / result.Seconds, latency.P50, latency.P95, latency.P99, latency.Max,
            double.NaN, 0, note);
    }
}

namespace RetentionActors.Bench.Load;

/// <summary>What a closed-loop run measured inside its window (warm-up excluded).</summary>
public sealed record LoadResult(
    int Concurrency,
    long Operations,
    long Errors,
    double Seconds,
    Latencies Latency,
    double CpuMicrosecondsPerOperation,
    IReadOnlyDictionary<string, Latencies> Marks,
    IReadOnlyDictionary<string, long> MarkCounts)
{
    public double Throughput => Operations / Seconds;
}

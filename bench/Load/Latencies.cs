namespace RetentionActors.Bench.Load;

/// <summary>Latency percentiles in milliseconds from raw Stopwatch tick samples.</summary>
public sealed record Latencies(double P50, double P95, double P99, double Max, double Mean)
{
    public static Latencies Empty { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public static Latencies From(List<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return Empty;
        }
        ticks.Sort();
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double At(double q) => Ms(ticks[Math.Min(ticks.Count - 1, (int)Math.Ceiling(q * ticks.Count) - 1)]);
        return new Latencies(At(0.50), At(0.95), At(0.99), Ms(ticks[^1]), ticks.Average(t => (double)t) * 1000.0 / Stopwatch.Frequency);
    }
}

namespace RetentionActors.Bench.Load;

/// <summary>
/// Warms an operation up until its rate has settled (JIT, pools, activations): windows at the measured concurrency
/// until two consecutive ones are within 10 % of each other, or the cap is reached. By default the windows are 1 second
/// and the first two may settle it; a caller whose rate keeps rising after that (the scale scenario's silos, whose
/// members activate and whose code reaches its optimised tier over tens of seconds) asks for longer windows and a
/// minimum time.
/// </summary>
public static class SettledWarmup
{
    public const double Tolerance = 0.10;

    /// <summary>
    /// Returns the windows' rates and whether they settled before the cap. <paramref name="operationFor"/> gives the
    /// operation for a tag of its own per window: each window's terminals number their operations from 0 again, and the
    /// tag keeps their receipts new.
    /// </summary>
    public static async Task<(IReadOnlyList<double> Rates, bool Settled)> RunAsync(
        LoadRunner runner, string label, int concurrency, TimeSpan cap, string tag, Func<string, Func<SimulatedTerminal, Task<bool>>> operationFor,
        TimeSpan? window = null, TimeSpan minimum = default)
    {
        var rates = new List<double>();
        for (var started = Stopwatch.StartNew(); started.Elapsed < cap;)
        {
            var result = await runner.RunAsync($"{label} warm-up {rates.Count + 1}", concurrency, TimeSpan.Zero, window ?? TimeSpan.FromSeconds(1),
                operationFor($"{tag}-w{rates.Count}"));
            rates.Add(result.Throughput);
            if (started.Elapsed >= minimum && rates.Count >= 2 && Math.Abs(rates[^1] - rates[^2]) <= Tolerance * Math.Max(rates[^1], rates[^2]))
            {
                return (rates, true);
            }
        }
        return (rates, false);
    }
}

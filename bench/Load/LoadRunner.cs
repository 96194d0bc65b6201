namespace RetentionActors.Bench.Load;

/// <summary>
/// A closed loop: <c>concurrency</c> terminals each run one operation after another for a fixed time,
/// as tills do (a till waits for its answer before the next customer). Only operations that start and
/// finish inside the measured window count; the warm-up before it is discarded.
/// </summary>
public sealed class LoadRunner(CpuMeter cpu)
{
    /// <summary>The operation: true when answered as expected, false (or an exception) counts as an error.</summary>
    public async Task<LoadResult> RunAsync(string label, int concurrency, TimeSpan warmup, TimeSpan duration, Func<SimulatedTerminal, Task<bool>> operation)
    {
        var terminals = Enumerable.Range(0, concurrency).Select(i => new SimulatedTerminal(i, HashCode.Combine(label, i))).ToArray();
        var samples = terminals.Select(_ => new List<long>(4096)).ToArray();
        var errors = new long[concurrency];
        var firstError = (Exception?)null;
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureUntil = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var cpuAtStart = TimeSpan.Zero;
        var cpuTaken = 0;

        async Task Loop(int i)
        {
            var terminal = terminals[i];
            await Task.Yield();
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= measureUntil)
                {
                    return;
                }
                if (start >= measureFrom && Interlocked.Exchange(ref cpuTaken, 1) == 0)
                {
                    cpuAtStart = cpu.Now();
                }
                terminal.Measuring = start >= measureFrom;
                bool ok;
                try
                {
                    ok = await operation(terminal);
                }
                catch (Exception exception)
                {
                    Interlocked.CompareExchange(ref firstError, exception, null);
                    ok = false;
                }
                terminal.Sequence++;
                var end = Stopwatch.GetTimestamp();
                if (start >= measureFrom && end <= measureUntil)
                {
                    samples[i].Add(end - start);
                    if (!ok)
                    {
                        errors[i]++;
                    }
                }
            }
        }

        using var progress = Progress.Start(label, warmup + duration, () => samples.Sum(s => s.Count));
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(Loop));
        var cpuUsed = cpu.Now() - cpuAtStart;
        if (firstError is not null)
        {
            Console.Error.WriteLine($"  {label}: first error: {firstError.GetType().Name}: {firstError.Message}");
        }

        var all = samples.SelectMany(s => s).ToList();
        var marks = terminals.SelectMany(t => t.Marks).GroupBy(m => m.Key)
            .ToDictionary(g => g.Key, g => g.SelectMany(m => m.Value).ToList());
        return new LoadResult(concurrency, all.Count, errors.Sum(), duration.TotalSeconds, Latencies.From(all),
            all.Count == 0 ? double.NaN : cpuUsed.TotalMicroseconds / all.Count,
            marks.ToDictionary(m => m.Key, m => Latencies.From(m.Value)),
            marks.ToDictionary(m => m.Key, m => (long)m.Value.Count));
    }
}

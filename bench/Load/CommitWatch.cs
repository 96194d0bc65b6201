using System.Diagnostics.Metrics;
using RetentionActors.Grains.Telemetry;

namespace RetentionActors.Bench.Load;

/// <summary>
/// The group commits of the silos this process hosts, from the silo's own metrics (<see cref="RetentionMetrics"/>), while
/// it is open: how many, how many writes each carried and how long each took from its first statement to its commit. A
/// sale's answer waits for the commit in flight when it arrives and then for its own, so commits that take long show here
/// as the cause of a latency tail, and steady ones rule it out.
/// </summary>
public sealed class CommitWatch : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<long> _durations = [];
    private long _writes;

    public CommitWatch()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RetentionMetrics.MeterName
                && instrument.Name is RetentionMetrics.GroupCommitDuration or RetentionMetrics.GroupCommitSize)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, _, _) =>
        {
            lock (_lock)
            {
                _durations.Add((long)(seconds * Stopwatch.Frequency));
            }
        });
        _listener.SetMeasurementEventCallback<int>((instrument, writes, _, _) => Interlocked.Add(ref _writes, writes));
        _listener.Start();
    }

    /// <summary>The commits seen so far, in a line for a note.</summary>
    public string Summary()
    {
        List<long> durations;
        lock (_lock)
        {
            durations = [.. _durations];
        }
        if (durations.Count == 0)
        {
            return "no group commits seen";
        }
        var took = Latencies.From(durations);
        return FormattableString.Invariant(
            $"{durations.Count:N0} group commits of {(double)Interlocked.Read(ref _writes) / durations.Count:F1} writes on average, each taking p50 {took.P50:F2}, p99 {took.P99:F2}, max {took.Max:F1} ms");
    }

    public void Dispose() => _listener.Dispose();
}

using System.Diagnostics.Tracing;

namespace RetentionActors.Bench.Load;

/// <summary>
/// What this process's collector did while the watch is open, from the runtime's own GC events and counters: each pause,
/// split into stopping the threads (the suspension) and the rest, the collections per generation, how large generation 0
/// had grown when last collected, and the bytes allocated. Every sale in flight stands still through a pause, so the
/// pauses' length, not only their total, bounds the latency tail; and on a machine with more runnable threads than cores
/// the suspension could be the long part, which the split tells.
/// </summary>
public sealed class CollectorWatch : EventListener
{
    // Event ids of the runtime's GC keyword (Microsoft-Windows-DotNETRuntime).
    private const int RestartEnd = 3, SuspendEnd = 8, SuspendBegin = 9;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly Lock _lock = new();
    private readonly List<long> _suspensions = [];
    private readonly List<long> _pauses = [];
    private readonly int[] _collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes();
    private DateTime _suspendBegan, _suspended;
    private volatile bool _listening = true;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_listening)
        {
            return;
        }
        switch (e.EventId)
        {
            case SuspendBegin when IsForCollection(e):
                (_suspendBegan, _suspended) = (e.TimeStamp, default);
                break;
            case SuspendEnd when _suspendBegan != default:
                _suspended = e.TimeStamp;
                break;
            case RestartEnd when _suspendBegan != default && _suspended != default:
                lock (_lock)
                {
                    _suspensions.Add(Ticks(_suspended - _suspendBegan));
                    _pauses.Add(Ticks(e.TimeStamp - _suspendBegan));
                }
                _suspendBegan = default;
                break;
        }
    }

    /// <summary>What the collector did so far, in a line for a note; <paramref name="operations"/> done meanwhile.</summary>
    public string Summary(long operations)
    {
        List<long> suspensions, pauses;
        lock (_lock)
        {
            (suspensions, pauses) = ([.. _suspensions], [.. _pauses]);
        }
        var collections = string.Join('/', _collectionsBefore.Select((before, generation) => GC.CollectionCount(generation) - before));
        var allocated = (GC.GetTotalAllocatedBytes() - _allocatedBefore) / 1024.0 / Math.Max(1, operations);
        var generation0 = GC.GetGCMemoryInfo(GCKind.Ephemeral).GenerationInfo[0].SizeBeforeBytes / 1048576.0;
        var (suspend, pause) = (Latencies.From(suspensions), Latencies.From(pauses));
        var paused = pauses.Sum() * 1000.0 / Stopwatch.Frequency;
        return FormattableString.Invariant(
            $"{pauses.Count} collector pauses, {paused:N0} ms in all, each p50 {pause.P50:F1}, max {pause.Max:F1} ms (stopping the threads: p50 {suspend.P50:F1}, max {suspend.Max:F1} ms); collections of generations 0/1/2 {collections} (counted inclusively); generation 0 held {generation0:F1} MiB when last collected; {allocated:F1} KiB allocated per sale");
    }

    public override void Dispose()
    {
        _listening = false;
        base.Dispose();
    }

    // The runtime stops the threads for other reasons too (the tiered compiler's clean-ups among them); the event's first
    // field says why, and 1 (for a collection) and 6 (preparing one) are the collector's.
    private static bool IsForCollection(EventWrittenEventArgs e) =>
        e.Payload is [var reason, ..] && Convert.ToInt32(reason, System.Globalization.CultureInfo.InvariantCulture) is 1 or 6;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

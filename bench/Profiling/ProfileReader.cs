using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;

namespace RetentionActors.Bench.Profiling;

/// <summary>
/// Reads a <see cref="SampleProfile"/> back: the samples of threads that were running managed code, counted per
/// component (<see cref="Components"/>) and per measured window (by the sample's time).
/// </summary>
public static class ProfileReader
{
    /// <summary>
    /// Per window (between consecutive <paramref name="boundaries"/>, UTC): the managed-code samples per component. Samples
    /// of threads outside managed code (waiting, or in native code) are counted under <c>External</c> only.
    /// </summary>
    public static (WindowSamples[] Windows, Dictionary<string, Dictionary<string, long>> Hottest) Read(string nettrace, IReadOnlyList<DateTime> boundaries)
    {
        // Per component, how often each method was the running one: where the next change should look.
        var hottest = new Dictionary<string, Dictionary<string, long>>();
        var windows = Enumerable.Range(0, boundaries.Count - 1).Select(_ => new WindowSamples()).ToArray();
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettrace);
        try
        {
            using var log = new TraceLog(etlx);
            var source = log.Events.GetSource();
            new SampleProfilerTraceEventParser(source).ThreadSample += sample =>
            {
                var window = WindowOf(sample.TimeStamp.ToUniversalTime(), boundaries);
                if (window < 0)
                {
                    return;
                }
                var methods = Methods(sample.CallStack()).ToList();
                var top = methods.FirstOrDefault(m => m.Length > 0) ?? "?";
                if (sample.Type != ClrThreadSampleType.Managed)
                {
                    windows[window].External++;
                    Count(hottest, "(outside managed code)", top);
                    return;
                }
                var component = Components.OfStack(methods);
                var counts = windows[window].Managed;
                counts[component] = counts.GetValueOrDefault(component) + 1;
                Count(hottest, component, top);
            };
            source.Process();
        }
        finally
        {
            File.Delete(etlx);
        }
        return (windows, hottest);
    }

    private static void Count(Dictionary<string, Dictionary<string, long>> hottest, string component, string method)
    {
        if (!hottest.TryGetValue(component, out var methods))
        {
            hottest[component] = methods = [];
        }
        methods[method] = methods.GetValueOrDefault(method) + 1;
    }

    private static int WindowOf(DateTime time, IReadOnlyList<DateTime> boundaries)
    {
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            if (time >= boundaries[i] && time < boundaries[i + 1])
            {
                return i;
            }
        }
        return -1;
    }

    private static IEnumerable<string> Methods(TraceCallStack? frame)
    {
        for (; frame is not null; frame = frame.Caller)
        {
            yield return frame.CodeAddress.FullMethodName;
        }
    }
}

/// <summary>One window's samples: those in managed code per component, and those outside it.</summary>
public sealed class WindowSamples
{
    public Dictionary<string, long> Managed { get; } = [];

    public long External { get; set; }

    public long ManagedTotal => Managed.Values.Sum();
}

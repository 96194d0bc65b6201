using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace RetentionActors.Bench.Profiling;

/// <summary>
/// An EventPipe allocation sample of another process (the soak's silo): the runtime reports an allocation tick about
/// every 100 KB allocated, with the type of the object that crossed the line and the stack that allocated it, so over a
/// minute the ticks add up to what each type and each allocating method costs. Read back, once stopped, with
/// <see cref="Read"/>.
/// </summary>
public static class AllocationProfile
{
    public static TraceRecording Start(int processId, string path) =>
        // The GC keyword at verbose level is what carries the allocation ticks; the rundown at the end names the frames.
        TraceRecording.Start(processId, path,
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GC));

    /// <summary>What a .nettrace file (this profile's, or one of <c>dotnet-trace</c>'s gc-verbose) says was allocated, by type and by the first of our frames.</summary>
    public static Allocations Read(string nettrace)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettrace);
        try
        {
            using var log = new TraceLog(etlx);
            var allocations = new Allocations();
            // TraceEvents enumerates only as IEnumerable<TraceEvent> (its non-generic enumerator throws), so no OfType here.
            foreach (var traced in log.Events)
            {
                if (traced is GCAllocationTickTraceData tick)
                {
                    allocations.Add(tick.TypeName, OurFrame(tick.CallStack()), tick.AllocationAmount64);
                }
            }
            return allocations;
        }
        finally
        {
            File.Delete(etlx);
        }
    }

    // The innermost frame of this product's code: where a change would go, even when the bytes were allocated in a library.
    private static string OurFrame(TraceCallStack? frame)
    {
        for (; frame is not null; frame = frame.Caller)
        {
            var method = frame.CodeAddress.FullMethodName;
            if (method.StartsWith("RetentionActors.", StringComparison.Ordinal))
            {
                return Shorten(method);
            }
        }
        return "(not in our code: Orleans, the runtime)";
    }

    // "Ns.Type.Method(class A, class B)" and async "Ns.Type+<Method>d__3.MoveNext()" both as "Type.Method".
    private static string Shorten(string method)
    {
        var name = method[..(method.IndexOf('(') is var paren and >= 0 ? paren : method.Length)];
        if (name.EndsWith(".MoveNext", StringComparison.Ordinal) && name.LastIndexOf("+<", StringComparison.Ordinal) is var machine and >= 0)
        {
            var end = name.IndexOf('>', machine);
            name = name[..machine] + "." + name[(machine + 2)..end];
        }
        var parts = name.Split('.');
        // An explicit interface implementation's name carries the interface: "Ns-IGrain-CheckoutAsync".
        var last = parts[^1][(parts[^1].LastIndexOf('-') + 1)..];
        return parts.Length >= 2 ? $"{parts[^2]}.{last}" : last;
    }
}

/// <summary>Bytes sampled per type and per allocating method of ours; each tick stands for about 100 KB.</summary>
public sealed class Allocations
{
    public Dictionary<string, long> ByType { get; } = [];

    public Dictionary<string, long> ByOurFrame { get; } = [];

    public long Total { get; private set; }

    public void Add(string type, string ourFrame, long bytes)
    {
        ByType[type] = ByType.GetValueOrDefault(type) + bytes;
        ByOurFrame[ourFrame] = ByOurFrame.GetValueOrDefault(ourFrame) + bytes;
        Total += bytes;
    }
}

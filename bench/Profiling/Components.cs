namespace RetentionActors.Bench.Profiling;

/// <summary>
/// Where a CPU sample's time goes: the first frame from the top of its stack (the running method, then its callers)
/// that belongs to our code or a library we know. Framework frames (System.*) are passed over, so a JSON write or a
/// dictionary look-up is charged to whoever called it; a stack with no known frame is the runtime's own.
/// </summary>
public static class Components
{
    public const string Profiler = "profiler (EventPipe copy)";
    public const string Other = "runtime/BCL with no known caller (thread pool, sockets, timers)";

    // First match wins: the more specific prefixes come first.
    private static readonly (string Prefix, string Component)[] Prefixes =
    [
        ("RetentionActors.Bench.Profiling.", Profiler),
        ("RetentionActors.Bench.", "load generator (bench)"),
        ("RetentionActors.Domain.", "our Domain"),
        ("RetentionActors.Grains.", "our grains"),
        ("RetentionActors.Storage.", "our storage"),
        ("RetentionActors.Contracts.", "our contracts"),
        ("RetentionActors.", "our other code"),
        ("OrleansCodeGen.", "Orleans serialization"),
        ("Orleans.Serialization.", "Orleans serialization"),
        ("Orleans.Runtime.OutsideRuntimeClient", "Orleans client"),
        ("Orleans.ClusterClient", "Orleans client"),
        ("Orleans.Messaging.", "Orleans client"),
        ("Orleans.", "Orleans messaging/runtime"),
        ("Npgsql.", "Npgsql"),
        ("Microsoft.AspNetCore.", "ASP.NET/Kestrel"),
        ("OpenTelemetry.", "OpenTelemetry/logging"),
        ("Microsoft.Extensions.Logging", "OpenTelemetry/logging"),
        ("Microsoft.Extensions.", "Microsoft.Extensions other"),
        ("System.Text.Json.", "System.Text.Json (no caller of ours)"),
    ];

    /// <summary>The component of one frame's method, or null to look further down the stack.</summary>
    public static string? Of(string method)
    {
        foreach (var (prefix, component) in Prefixes)
        {
            if (method.StartsWith(prefix, StringComparison.Ordinal))
            {
                return component;
            }
        }
        return null;
    }

    // What a thread is doing when it is running no one's work: named by the running method, before any caller is looked at.
    private static readonly (string Prefix, string Component)[] Idle =
    [
        // A thread-pool worker between work items: spinning for more (LowLevelLifoSemaphore.Wait, unless the spin limit is 0),
        // parking and being woken. CPU that no accrual asked for, bar the wake-up a queued item needs.
        ("System.Threading.LowLevelLifoSemaphore", ThreadPoolSpin),
        ("System.Threading.PortableThreadPool+WorkerThread", ThreadPoolSpin),
        // A thread stopped at a GC poll: a collection, or the sampler itself suspending the runtime.
        ("System.Threading.Thread.<PollGC>", Suspended),
    ];

    public const string ThreadPoolSpin = "thread-pool workers spinning, parking, waking";
    public const string Suspended = "stopped for GC or the sampler (PollGC)";

    /// <summary>The component of a whole stack, given its frames' methods from the top (running) frame down.</summary>
    public static string OfStack(IReadOnlyList<string> methodsFromTop)
    {
        if (methodsFromTop.FirstOrDefault(m => m.Length > 0) is { } running)
        {
            foreach (var (prefix, component) in Idle)
            {
                if (running.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return component;
                }
            }
        }
        return methodsFromTop.Select(Of).FirstOrDefault(c => c is not null) ?? Other;
    }
}

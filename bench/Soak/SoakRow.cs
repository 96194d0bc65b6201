using RetentionActors.Bench.Load;
using RetentionActors.Contracts.Runtime;

namespace RetentionActors.Bench.Soak;

/// <summary>
/// One line of the soak table: a window of load (or of the idle phase, with no operations), what its operations took,
/// and the silo at its end. CPU is the silo process's, per operation of the window; load is the machine's load average
/// (runnable processes, 1 minute) at its end. Stalls are the seconds in which every till had an operation waiting over
/// 100 ms; the GC columns are the time the silo's and the bench's (the tills') threads were paused by their collectors;
/// slow commits are the silo's batches of writes that took over 100 ms (as far as its last report in the window says);
/// gen2 GCs are the silo's full collections in the window (background or blocking), which say whether "gen2 MiB" (what
/// the last one left) grows because they do not run or because what they leave grows. KiB/op is what the silo
/// allocated per operation of the window: it sets how often the silo collects, so how often every till waits.
/// </summary>
public sealed record SoakRow(
    string Phase,
    double Minutes,
    int Operations,
    double PerSecond,
    Latencies Latency,
    int Queued,
    int Other,
    int Failed,
    RuntimeMemory Memory,
    Activations Activations,
    double CpuMicrosecondsPerOperation,
    double MachineLoad,
    int StalledSeconds = 0,
    double SiloGcPauseMs = double.NaN,
    double BenchGcPauseMs = double.NaN,
    int SlowCommits = 0,
    int FullCollections = 0,
    double AllocatedKiBPerOperation = double.NaN)
{
    public const string Header =
        "phase  minute   ops/s   p50 ms   p95 ms   p99 ms   max ms  queued  other  failed  RSS MiB  heap MiB  gen2 MiB  cust+card act.  all act.  CPU µs/op  KiB/op  load  stalls  silo GC ms  bench GC ms  slow commits  gen2 GCs";

    public override string ToString() => FormattableString.Invariant(
        $"{Phase,-5} {Minutes,7:F1} {PerSecond,7:F1} {Latency.P50,8:F1} {Latency.P95,8:F1} {Latency.P99,8:F1} {Latency.Max,8:F1} {Queued,7} {Other,6} {Failed,7} {Memory.ResidentMiB,8:F0} {Memory.HeapMiB,9:F0} {Memory.Gen2MiB,9:F0} {Activations.CustomersAndCards,15} {Activations.All,9} {CpuMicrosecondsPerOperation,10:F0} {AllocatedKiBPerOperation,7:F1} {MachineLoad,5:F1} {StalledSeconds,7} {SiloGcPauseMs,11:F0} {BenchGcPauseMs,12:F0} {SlowCommits,13} {FullCollections,9}");

    /// <summary>The machine's 1-minute load average (Linux), NaN elsewhere: on a shared machine it says how far to trust a window.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}

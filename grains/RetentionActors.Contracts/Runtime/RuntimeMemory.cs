namespace RetentionActors.Contracts.Runtime;

/// <summary>
/// What the silo's <c>GET /api/runtime/memory</c> answers: its process's memory and CPU as the runtime sees them, for an
/// operator watching a long day and for the soak benchmark. The resident set, and the GC heap as the last collection and
/// the last full collection left it, which is what is really alive (the resident set also holds what the GC keeps for
/// later, and native memory).
/// </summary>
/// <param name="ResidentBytes">The process's resident set (RSS on Linux).</param>
/// <param name="HeapAfterLastCollectionBytes">The GC heap right after the last collection of any generation.</param>
/// <param name="HeapAfterLastFullCollectionBytes">The GC heap right after the last blocking or background gen2 collection; 0 before the first.</param>
/// <param name="Gen2AfterLastFullCollectionBytes">Generation 2 after that collection: the long-lived objects.</param>
/// <param name="CommittedBytes">Memory the GC has committed from the operating system.</param>
/// <param name="Collections">Collections so far of generation 0, 1 and 2.</param>
/// <param name="AllocatedBytes">Bytes allocated since the process started.</param>
/// <param name="ProcessorMilliseconds">CPU time the process has used, user and system.</param>
/// <param name="GcPauseMilliseconds">Time the process's threads were paused by the garbage collector since it started.</param>
/// <param name="JitCompilationMilliseconds">
/// Time the runtime spent compiling methods since the process started, on every thread. It still grows while a silo runs
/// paths for their first few dozen times (the runtime recompiles a method optimised after about 30 calls, on a thread of
/// its own, which takes CPU from the calls): a latency measured before it levels off measures the compiler too.
/// </param>
public sealed record RuntimeMemory(
    long ResidentBytes,
    long HeapAfterLastCollectionBytes,
    long HeapAfterLastFullCollectionBytes,
    long Gen2AfterLastFullCollectionBytes,
    long CommittedBytes,
    int[] Collections,
    long AllocatedBytes,
    double ProcessorMilliseconds,
    double GcPauseMilliseconds,
    double JitCompilationMilliseconds);

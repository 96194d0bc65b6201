using RetentionActors.Contracts.Runtime;

namespace RetentionActors.Silo.Reports;

/// <summary>Reads <see cref="RuntimeMemory"/> from the runtime of this process.</summary>
public static class RuntimeMemoryReading
{
    public static RuntimeMemory Now()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var last = GC.GetGCMemoryInfo(GCKind.Any);
        var full = LastFull();
        return new RuntimeMemory(process.WorkingSet64, last.HeapSizeBytes, full.HeapSizeBytes, full.Index == 0 ? 0 : full.GenerationInfo[2].SizeAfterBytes,
            last.TotalCommittedBytes, [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)], GC.GetTotalAllocatedBytes(),
            process.TotalProcessorTime.TotalMilliseconds, GC.GetTotalPauseDuration().TotalMilliseconds,
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds);
    }

    // A server or workstation GC may run gen2 as blocking or as background collections: the later of the two is the last full one.
    private static GCMemoryInfo LastFull()
    {
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        return blocking.Index >= background.Index ? blocking : background;
    }
}

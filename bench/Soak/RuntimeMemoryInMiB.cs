using RetentionActors.Contracts.Runtime;

namespace RetentionActors.Bench.Soak;

/// <summary>The silo's memory figures in MiB, as the soak prints them.</summary>
public static class RuntimeMemoryInMiB
{
    public const double MiB = 1024 * 1024;

    extension(RuntimeMemory memory)
    {
        public double ResidentMiB => memory.ResidentBytes / MiB;
        public double HeapMiB => memory.HeapAfterLastCollectionBytes / MiB;
        public double Gen2MiB => memory.Gen2AfterLastFullCollectionBytes / MiB;
    }
}

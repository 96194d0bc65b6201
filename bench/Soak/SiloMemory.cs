namespace RetentionActors.Bench.Soak;

/// <summary>What the silo's <c>GET /api/runtime/memory</c> answers (silo/Api/RuntimeMemory.cs), as the bench reads it.</summary>
public sealed record SiloMemory(
    long ResidentBytes,
    long HeapAfterLastCollectionBytes,
    long HeapAfterLastFullCollectionBytes,
    long Gen2AfterLastFullCollectionBytes,
    long CommittedBytes,
    int[] Collections,
    long AllocatedBytes,
    double ProcessorMilliseconds)
{
    public const double MiB = 1024 * 1024;

    public double ResidentMiB => ResidentBytes / MiB;
    public double HeapMiB => HeapAfterLastCollectionBytes / MiB;
    public double Gen2MiB => Gen2AfterLastFullCollectionBytes / MiB;
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Grains.Maintenance;

/// <summary>
/// Customers are spread over <see cref="Count"/> fixed slots by a stable hash of their id; a sweep bucket is a run of
/// consecutive slots, so the number of buckets can change without rewriting a row. The hash is the low bits of the
/// first four bytes of the MD5 of the id's UTF-8, because PostgreSQL computes the same (<c>md5()</c>) in the schema
/// step that fills in existing customers; it spreads ids, it protects nothing.
/// </summary>
public static class MaintenanceSlots
{
    /// <summary>The number of slots; the most buckets there can be.</summary>
    public const int Count = 256;

    public static int Of(string customerId)
    {
        ArgumentNullException.ThrowIfNull(customerId);
#pragma warning disable CA5351 // Not for security: the one hash both engines' SQL and .NET compute alike.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(customerId));
#pragma warning restore CA5351
        return BinaryPrimitives.ReadInt32BigEndian(hash) & (Count - 1);
    }

    /// <summary>The slots of <paramref name="bucket"/> when there are <paramref name="buckets"/>: empty for a bucket beyond them.</summary>
    public static Range OfBucket(int bucket, int buckets)
    {
        if (buckets is < 1 or > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(buckets), buckets, $"There are 1 to {Count} maintenance buckets.");
        }
        return bucket < 0 || bucket >= buckets ? new Range(0, 0) : new Range(First(bucket, buckets), First(bucket + 1, buckets));
    }

    private static int First(int bucket, int buckets) => bucket * Count / buckets;
}

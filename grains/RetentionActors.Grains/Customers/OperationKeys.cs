using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// The keys of the operations a customer has done, held as 64-bit hashes: every call asks whether its key is known, and
/// holding the keys' text (about 130 bytes each, one per sale, for as long as the activation lives) was most of what a
/// customer's memory grew by. A hash only says "maybe done": the caller then reads the stored answer, which storage keeps
/// under the key itself, so a key that merely shares a hash with another is found not done there. The seed is random per
/// process, so nobody can choose receipt numbers that collide.
/// </summary>
/// <remarks>
/// An activation may load only the keys recorded since <see cref="KnownSince"/> (a customer with a snapshot, issue 14): an
/// operation that says it occurred before then, plus <see cref="ClockMargin"/>, may be done without its key being held,
/// so it is "maybe done" too and its answer is looked up. An operation that does not say when it occurred (a referral, a
/// reward claim) and slips past is refused by the store's unique key and answered from the stored answer all the same.
/// </remarks>
internal sealed class OperationKeys
{
    /// <summary>How far a till's clock or business day may lie from the silo's clock at recording.</summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromDays(2);

    private static readonly long Seed = Random.Shared.NextInt64();
    private readonly HashSet<ulong> _hashes;

    public OperationKeys(IEnumerable<string> keys, DateTimeOffset? knownSince = null)
    {
        _hashes = [.. keys.Select(Hash)];
        KnownSince = knownSince;
    }

    public OperationKeys() : this([])
    {
    }

    /// <summary>Keys recorded before this were not loaded; null when every key was.</summary>
    public DateTimeOffset? KnownSince { get; }

    /// <summary>Whether <paramref name="key"/>, of an operation that occurred at <paramref name="occurredAt"/> when known, may have been done.</summary>
    public bool MayContain(string key, DateTimeOffset? occurredAt = null) =>
        _hashes.Contains(Hash(key)) || occurredAt is { } at && KnownSince is { } since && at < since + ClockMargin;

    public void Add(string key) => _hashes.Add(Hash(key));

    private static ulong Hash(string key) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()), Seed);
}

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
internal sealed class OperationKeys
{
    private static readonly long Seed = Random.Shared.NextInt64();
    private readonly HashSet<ulong> _hashes;

    public OperationKeys(IEnumerable<string> keys)
    {
        _hashes = [.. keys.Select(Hash)];
    }

    public OperationKeys() : this([])
    {
    }

    public bool MayContain(string key) => _hashes.Contains(Hash(key));

    public void Add(string key) => _hashes.Add(Hash(key));

    private static ulong Hash(string key) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()), Seed);
}

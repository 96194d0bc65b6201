using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Domain.Uplift;

/// <summary>
/// Which customers a targeted action holds out: a deterministic draw from the action and the customer, so every
/// silo, every restart and every retry puts a customer in the same group. SHA-256, not string.GetHashCode, which
/// changes from process to process.
/// </summary>
public static class Holdout
{
    /// <summary>The largest holdout an action may have: some customers must get the action for there to be anything to measure.</summary>
    public const int MostPercent = 90;

    /// <summary>Whether <paramref name="percent"/> is a holdout an action may have (0 to <see cref="MostPercent"/>).</summary>
    public static bool IsValidPercent(int percent) => percent is >= 0 and <= MostPercent;

    /// <summary>True when the customer is held out of the action (gets nothing, but is recorded and measured).</summary>
    public static bool IsHeldOut(string actionId, string customerId, int percent)
    {
        ArgumentException.ThrowIfNullOrEmpty(actionId);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        if (!IsValidPercent(percent))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, $"A holdout is 0 to {MostPercent} %.");
        }
        return Bucket(actionId, customerId) < percent * 100;
    }

    /// <summary>The customer's place, 0 to 9,999, in the action's draw; the length prefix keeps ("ab","c") and ("a","bc") apart.</summary>
    public static int Bucket(string actionId, string customerId)
    {
        var text = $"{actionId.Length}:{actionId}/{customerId}";
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % 10_000);
    }
}

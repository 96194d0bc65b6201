using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Grains.Security;

/// <summary>
/// The secret every silo of a cluster shares (kept in the cluster's database, created by the first silo).
/// Each use gets a key of its own derived from it, so one key's exposure tells nothing of the others.
/// </summary>
public sealed class ClusterSecret
{
    public const int Length = 32;

    public ClusterSecret(byte[] secret)
    {
        if (secret.Length < Length)
        {
            throw new ArgumentException($"A cluster secret has at least {Length} bytes.", nameof(secret));
        }
        InternalCallMark = Convert.ToBase64String(Derive(secret, "internal-calls"));
        TokenSigningKey = Derive(secret, "terminal-tokens");
        CouponCodeKey = Derive(secret, "coupon-codes");
        OfflineAllowanceSeed = Derive(secret, "offline-allowances");
    }

    /// <summary>What calls made inside the cluster carry, so the receiving silo can tell them from a client's.</summary>
    public string InternalCallMark { get; }

    /// <summary>The HMAC key terminal credentials are signed with.</summary>
    public byte[] TokenSigningKey { get; }

    /// <summary>The key coupon codes are derived with.</summary>
    public byte[] CouponCodeKey { get; }

    /// <summary>The seed the offline allowance signing key (ECDSA P-256) is made from, so every silo signs with the same key.</summary>
    public byte[] OfflineAllowanceSeed { get; }

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(Length);

    private static byte[] Derive(byte[] secret, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.UTF8.GetBytes("retention-actors/" + purpose));
}

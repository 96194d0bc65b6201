using System.Security.Cryptography;
using System.Text;
using RetentionActors.Contracts.Offline;

namespace RetentionActors.Grains.Security;

/// <summary>
/// Signs offline allowances with an ECDSA P-256 key every silo derives from the cluster secret, and checks them on replay.
/// Tills get only the public key: they can check an allowance offline but cannot make one. The key id names the key
/// (a hash of its public half), so a till that holds an older cluster's key refuses rather than trusts.
/// </summary>
public sealed class OfflineAllowanceSigner : IDisposable
{
    private readonly ECDsa _key;

    public OfflineAllowanceSigner(ClusterSecret secret)
    {
        _key = KeyFrom(secret.OfflineAllowanceSeed);
        PublicKey = _key.ExportSubjectPublicKeyInfo();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(PublicKey))[..16];
    }

    /// <summary>The public key (SubjectPublicKeyInfo) tills check allowances with.</summary>
    public byte[] PublicKey { get; }

    public string KeyId { get; }

    /// <summary>The allowance with this cluster's key id and signature.</summary>
    public OfflineAllowance Sign(OfflineAllowance unsigned)
    {
        var named = unsigned with { KeyId = KeyId, Signature = "" };
        return named with { Signature = Convert.ToBase64String(_key.SignData(named.SignedBytes(), HashAlgorithmName.SHA256)) };
    }

    /// <summary>Whether this cluster signed the allowance as it is.</summary>
    public bool Signed(OfflineAllowance allowance) => allowance.KeyId == KeyId && allowance.IsSignedBy(PublicKey);

    public void Dispose() => _key.Dispose();

    // The private scalar comes from the seed; in the rare case it is not a valid P-256 scalar, the next derivation is used.
    private static ECDsa KeyFrom(byte[] seed)
    {
        for (var attempt = 0; ; attempt++)
        {
            var scalar = HKDF.DeriveKey(HashAlgorithmName.SHA256, seed, 32, info: Encoding.UTF8.GetBytes($"p256/{attempt}"));
            try
            {
                return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
            }
            catch (CryptographicException) when (attempt < 8)
            {
            }
        }
    }
}

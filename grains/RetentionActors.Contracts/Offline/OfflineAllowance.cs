using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Contracts.Offline;

/// <summary>
/// What one till may let one card redeem per business day while it cannot reach the cluster, until
/// <see cref="ExpiresAt"/>. The cluster signs it (ECDSA P-256, SHA-256) with a key derived from its secret; a till holds
/// only the public key, so it can check an allowance but never make one, and the customer grain checks it again on replay.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Offline.OfflineAllowance")]
public sealed record OfflineAllowance(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string CardId,
    [property: Id(2)] string StoreId,
    [property: Id(3)] string TerminalId,
    [property: Id(4)] long Points,
    [property: Id(5)] DateTimeOffset IssuedAt,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] string KeyId,
    [property: Id(8)] string Signature)
{
    /// <summary>
    /// How far before <see cref="IssuedAt"/> (the cluster's clock) a till's clock may say an offline redemption happened:
    /// a till a little behind the cluster redeems right after it got the allowance. Above the program's default till clock skew.
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromHours(2);

    /// <summary>The bytes the signature covers: every field but the signature, in a fixed text form (UTC times to the tick).</summary>
    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(string.Join('\n',
        "retention-actors/offline-allowance/v1", CustomerId, CardId, StoreId, TerminalId,
        Points.ToString(CultureInfo.InvariantCulture),
        IssuedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), ExpiresAt.UtcTicks.ToString(CultureInfo.InvariantCulture), KeyId));

    /// <summary>
    /// Whether <see cref="Signature"/> (base64) is the signature of this allowance by the key whose public half is
    /// <paramref name="publicKey"/> (SubjectPublicKeyInfo). Any malformed part is simply not valid.
    /// </summary>
    public bool IsSignedBy(byte[] publicKey)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(publicKey, out _);
            return key.VerifyData(SignedBytes(), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Why this allowance cannot cover <paramref name="points"/> at <paramref name="at"/> for this card and till, or null when it can.</summary>
    public string? RefusalFor(string cardId, string storeId, string terminalId, DateTimeOffset at, long points, long usedToday)
    {
        if (CardId != cardId || StoreId != storeId || TerminalId != terminalId)
        {
            return $"the offline allowance is for card {CardId} at {StoreId}/{TerminalId}, not card {cardId} at {storeId}/{terminalId}";
        }
        if (at < IssuedAt - ClockTolerance || at > ExpiresAt)
        {
            return $"the offline allowance of card {CardId} is valid from {IssuedAt:u} to {ExpiresAt:u}, not at {at:u}; the card must be seen online again";
        }
        if (usedToday + points > Points)
        {
            return $"{points} points are above the offline allowance of card {CardId}: {Math.Max(0, Points - usedToday)} of {Points} left today at this till";
        }
        return null;
    }
}

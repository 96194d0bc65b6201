using System.Security.Cryptography;
using RetentionActors.Contracts.Offline;
using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>Offline allowances as identifying a card online leaves them in a till's outbox, without a cluster.</summary>
public static class Allowances
{
    /// <summary>Keeps an allowance of <paramref name="points"/> for the card at store-1's till-1, signed by a key the till then holds.</summary>
    public static void KeepSigned(PurchaseOutbox outbox, string card, DateTimeOffset now, long points = 100)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var allowance = new OfflineAllowance("c-1", card, "store-1", "till-1", points, now, now.AddHours(8), "test-key", "");
        allowance = allowance with { Signature = Convert.ToBase64String(key.SignData(allowance.SignedBytes(), HashAlgorithmName.SHA256)) };
        outbox.KeepAllowance(allowance, key.ExportSubjectPublicKeyInfo(), now);
    }
}

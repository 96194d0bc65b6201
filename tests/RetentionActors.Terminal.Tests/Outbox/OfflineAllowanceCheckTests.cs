using System.Security.Cryptography;
using RetentionActors.Contracts.Offline;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>What a till checks of an allowance offline: the cluster's signature over every field, card, till, time and what is left today.</summary>
public sealed class OfflineAllowanceCheckTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static (OfflineAllowance Allowance, byte[] PublicKey) Signed()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var allowance = new OfflineAllowance("cust-1", "mag:7300000009", "s1", "t1", 50, Issued, Issued.AddHours(24), "k1", "");
        return (allowance with { Signature = Convert.ToBase64String(key.SignData(allowance.SignedBytes(), HashAlgorithmName.SHA256)) }, key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void A_signed_allowance_checks_and_any_altered_field_does_not()
    {
        var (allowance, key) = Signed();

        Assert.True(allowance.IsSignedBy(key));
        Assert.False((allowance with { Points = 51 }).IsSignedBy(key));
        Assert.False((allowance with { CardId = "mag:7300000010" }).IsSignedBy(key));
        Assert.False((allowance with { ExpiresAt = allowance.ExpiresAt.AddDays(1) }).IsSignedBy(key));
        Assert.False((allowance with { TerminalId = "t2" }).IsSignedBy(key));
        Assert.False((allowance with { Signature = "not base64!" }).IsSignedBy(key));
        Assert.False(allowance.IsSignedBy([1, 2, 3]));
    }

    [Fact]
    public void An_allowance_covers_its_card_and_till_until_it_expires_up_to_what_is_left_today()
    {
        var (allowance, _) = Signed();
        var during = Issued.AddHours(2);

        Assert.Null(allowance.RefusalFor("mag:7300000009", "s1", "t1", during, 50, usedToday: 0));
        Assert.Null(allowance.RefusalFor("mag:7300000009", "s1", "t1", during, 10, usedToday: 40));
        Assert.Contains("10 of 50 left", allowance.RefusalFor("mag:7300000009", "s1", "t1", during, 11, usedToday: 40), StringComparison.Ordinal);
        Assert.NotNull(allowance.RefusalFor("mag:7300000009", "s1", "t1", Issued.AddHours(25), 1, usedToday: 0));
        Assert.Null(allowance.RefusalFor("mag:7300000009", "s1", "t1", Issued.AddMinutes(-5), 1, usedToday: 0)); // a till a little behind
        Assert.NotNull(allowance.RefusalFor("mag:7300000009", "s1", "t1", Issued.AddHours(-3), 1, usedToday: 0));
        Assert.NotNull(allowance.RefusalFor("mag:7300000010", "s1", "t1", during, 1, usedToday: 0));
        Assert.NotNull(allowance.RefusalFor("mag:7300000009", "s1", "t2", during, 1, usedToday: 0));
    }
}

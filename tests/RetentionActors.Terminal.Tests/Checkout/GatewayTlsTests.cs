using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RetentionActors.Tls;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Tests.Checkout;

/// <summary>The terminal's certificate opens with the password from a file or RETENTION_TLS_PASSWORD, and a wrong one is named without the password.</summary>
public sealed class GatewayTlsTests : IDisposable
{
    private const string Password = "correct-horse-battery";
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-gateway-tls-").FullName;
    private readonly string _pfx;

    public GatewayTlsTests()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=till-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        _pfx = Path.Combine(_folder, "till.pfx");
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx, Password));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_password_comes_from_the_file_with_its_final_line_break_ignored()
    {
        var file = Path.Combine(_folder, "till.password");
        File.WriteAllText(file, Password + "\n");

        Assert.NotNull(GatewayTls.From(new TerminalOptions { TlsCertificate = _pfx, TlsPasswordFile = file }, passwordFromEnvironment: "wrong", TimeProvider.System));
    }

    [Fact]
    public void Without_a_file_the_password_comes_from_the_environment() =>
        Assert.NotNull(GatewayTls.From(new TerminalOptions { TlsCertificate = _pfx }, passwordFromEnvironment: Password, TimeProvider.System));

    [Fact]
    public void No_certificate_means_no_tls() =>
        Assert.Null(GatewayTls.From(new TerminalOptions(), passwordFromEnvironment: Password, TimeProvider.System));

    [Theory]
    [InlineData("not-the-password", "the password may be incorrect")]
    [InlineData(null, "the password may be incorrect")]
    public void A_wrong_or_missing_password_names_the_file_and_what_to_do_but_not_the_password(string? password, string reason)
    {
        var refused = Assert.Throws<TlsFileException>(() => GatewayTls.From(new TerminalOptions { TlsCertificate = _pfx }, password, TimeProvider.System));

        Assert.Contains(_pfx, refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains("--tls-password-file", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_certificate_or_password_file_is_named()
    {
        var noCertificate = Assert.Throws<TlsFileException>(() => GatewayTls.From(new TerminalOptions { TlsCertificate = Path.Combine(_folder, "none.pfx") }, Password, TimeProvider.System));
        var noPasswordFile = Assert.Throws<TlsFileException>(() => GatewayTls.From(new TerminalOptions { TlsCertificate = _pfx, TlsPasswordFile = Path.Combine(_folder, "none.password") }, Password, TimeProvider.System));

        Assert.Contains("none.pfx does not exist", noCertificate.Message, StringComparison.Ordinal);
        Assert.Contains("none.password", noPasswordFile.Message, StringComparison.Ordinal);
    }
}

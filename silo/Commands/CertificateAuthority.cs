using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RetentionActors.Silo.Commands;

/// <summary>
/// A small certificate authority for one cluster, made with System.Security.Cryptography alone: it signs
/// one certificate per silo and terminal, each good for both ends of a mutual TLS connection.
/// </summary>
public sealed class CertificateAuthority(X509Certificate2 certificate) : IDisposable
{
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(825);
    // Certificates start an hour back, so a machine whose clock is a little behind accepts them at once.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    /// <summary>The authority's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>The authority's common name, e.g. <c>RetentionActors CA 1f2e3d4c</c>.</summary>
    public string Name => Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>The private key as PEM (PKCS#8, unencrypted: the file it goes to is readable by its owner only).</summary>
    public string ExportKeyPem()
    {
        using var key = Certificate.GetRSAPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>A new authority whose name carries a random tag, so certificates of two authorities are told apart in messages.</summary>
    public static CertificateAuthority Create(TimeProvider time)
    {
        using var key = RSA.Create(3072);
        var name = $"CN=RetentionActors CA {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}, O=RetentionActors";
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = time.GetUtcNow();
        return new CertificateAuthority(request.CreateSelfSigned(now - ClockSkew, now + AuthorityLifetime));
    }

    /// <summary>An authority kept from an earlier run: its certificate and private key as PEM files.</summary>
    public static CertificateAuthority Load(string certificatePem, string keyPem) =>
        new(X509Certificate2.CreateFromPemFile(certificatePem, keyPem));

    /// <summary>
    /// A certificate for <paramref name="name"/> (a silo or terminal, <paramref name="role"/>), for server
    /// and client authentication, with the name, <paramref name="alternativeNames"/>, localhost and
    /// 127.0.0.1 as subject alternative names; with its private key.
    /// </summary>
    public X509Certificate2 Issue(string name, string role, IEnumerable<string> alternativeNames, TimeProvider time)
    {
        using var key = RSA.Create(2048);
        // Encoded most significant first (O, OU, CN), as openssl and browsers expect; the builder encodes in reverse order of the calls.
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(name);
        subject.AddOrganizationalUnitName(role);
        subject.AddOrganizationName("RetentionActors");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        request.CertificateExtensions.Add(AlternativeNames([name, .. alternativeNames, "localhost", "127.0.0.1"]));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var now = time.GetUtcNow();
        var notAfter = new[] { now + CertificateLifetime, Certificate.NotAfter.ToUniversalTime() }.Min();
        using var signed = request.Create(Certificate, now - ClockSkew, notAfter, SerialNumber());
        return signed.CopyWithPrivateKey(key);
    }

    public void Dispose() => Certificate.Dispose();

    private static X509Extension AlternativeNames(IEnumerable<string> names)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name);
            }
        }
        return builder.Build();
    }

    // RFC 5280: positive, at most 20 bytes, unpredictable.
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}

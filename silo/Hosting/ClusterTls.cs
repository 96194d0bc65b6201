using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using RetentionActors.Tls;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Mutual TLS for silo–silo and terminal–gateway connections. Both ends must present a certificate,
/// and a certificate is trusted when it is the cluster's own certificate or was issued by the
/// configured certificate authority — so a terminal without one cannot connect at all.
/// </summary>
public static class ClusterTls
{
    /// <summary>Requires and checks the other side's certificate against <paramref name="trustAnchor"/>.</summary>
    public static void RequireTrusted(TlsOptions tls, X509Certificate2 trustAnchor)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, _, _) => CertificateTrust.IsTrusted(certificate, trustAnchor);
    }

    /// <summary>
    /// The silo's certificate and trust anchor from <see cref="SiloOptions.TlsCertificate"/>, its password from
    /// <see cref="SiloOptions.TlsPasswordFile"/>, <see cref="SiloOptions.TlsPassword"/> or <c>RETENTION_TLS_PASSWORD</c>
    /// (in that order); none when no certificate is configured.
    /// </summary>
    public static (X509Certificate2 Certificate, X509Certificate2 Anchor)? Load(SiloOptions options)
    {
        if (string.IsNullOrEmpty(options.TlsCertificate))
        {
            if (!string.IsNullOrEmpty(options.TlsCertificateAuthority) || !string.IsNullOrEmpty(options.TlsPasswordFile))
            {
                throw new SiloStartupException("--tls-ca and --tls-password-file need --tls-cert FILE.pfx, the silo's own certificate.");
            }
            return null;
        }
        try
        {
            var password = TlsFiles.ReadPassword(options.TlsPasswordFile, options.TlsPassword ?? Environment.GetEnvironmentVariable(TlsFiles.PasswordVariable));
            return TlsFiles.Load(options.TlsCertificate, password, options.TlsCertificateAuthority, TimeProvider.System);
        }
        catch (TlsFileException e)
        {
            throw new SiloStartupException(e.Message);
        }
    }
}

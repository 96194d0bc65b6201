using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using RetentionActors.Contracts.Security;

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
}

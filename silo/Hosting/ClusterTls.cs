using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Mutual TLS for silo–silo and terminal–gateway connections. Both ends must present a certificate,
/// and a certificate is trusted when it is the cluster's own certificate or was issued by the
/// configured certificate authority — so a terminal without one cannot connect at all.
/// </summary>
public static class ClusterTls
{
    public static X509Certificate2 LoadCertificate(string pfxPath, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password);

    /// <summary>Requires and checks the other side's certificate against <paramref name="trustAnchor"/>.</summary>
    public static void RequireTrusted(TlsOptions tls, X509Certificate2 trustAnchor)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, _, _) => IsTrusted(certificate, trustAnchor);
    }

    public static bool IsTrusted(X509Certificate2? remote, X509Certificate2 trustAnchor)
    {
        if (remote is null)
        {
            return false;
        }
        if (remote.Thumbprint == trustAnchor.Thumbprint)
        {
            return true;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(trustAnchor);
        return chain.Build(remote);
    }
}

using System.Security.Cryptography.X509Certificates;

namespace RetentionActors.Tls;

/// <summary>
/// Who a silo or terminal trusts over TLS: a peer presenting the cluster's own certificate, or one
/// issued by the cluster's certificate authority. Shared so both ends apply the same rule.
/// </summary>
public static class CertificateTrust
{
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

    /// <summary>The certificate (with private key) a silo or terminal presents, and the anchor it trusts: the CA if given, else itself.</summary>
    public static (X509Certificate2 Certificate, X509Certificate2 Anchor) Load(string pfxPath, string? password, string? certificateAuthorityPath)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password);
        var anchor = string.IsNullOrEmpty(certificateAuthorityPath) ? certificate : X509CertificateLoader.LoadCertificateFromFile(certificateAuthorityPath);
        return (certificate, anchor);
    }
}

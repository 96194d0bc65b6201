using Orleans.Connections.Security;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Terminal.Checkout;

/// <summary>Mutual TLS to the gateways when the terminal has a certificate: the silo must present a trusted one, and checks ours.</summary>
public static class GatewayTls
{
    public static Action<IClientBuilder>? From(TerminalOptions options)
    {
        if (string.IsNullOrEmpty(options.TlsCertificate))
        {
            return null;
        }
        var (certificate, anchor) = CertificateTrust.Load(options.TlsCertificate, options.TlsPassword, options.TlsCertificateAuthority);
        return client => client.UseTls(certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (remote, _, _) => CertificateTrust.IsTrusted(remote, anchor);
        });
    }
}

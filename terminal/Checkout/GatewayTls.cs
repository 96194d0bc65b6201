using Orleans.Connections.Security;
using RetentionActors.Tls;

namespace RetentionActors.Terminal.Checkout;

/// <summary>Mutual TLS to the gateways when the terminal has a certificate: the silo must present a trusted one, and checks ours.</summary>
public static class GatewayTls
{
    /// <summary>The client's TLS set-up, or none without <c>--tls-cert</c>; the password comes from <c>--tls-password-file</c>, else <c>RETENTION_TLS_PASSWORD</c>.</summary>
    /// <exception cref="TlsFileException">A file is missing or unreadable, or the password does not open the certificate.</exception>
    public static Action<IClientBuilder>? From(TerminalOptions options) => From(options, Environment.GetEnvironmentVariable(TlsFiles.PasswordVariable), TimeProvider.System);

    public static Action<IClientBuilder>? From(TerminalOptions options, string? passwordFromEnvironment, TimeProvider time)
    {
        if (string.IsNullOrEmpty(options.TlsCertificate))
        {
            if (!string.IsNullOrEmpty(options.TlsCertificateAuthority) || !string.IsNullOrEmpty(options.TlsPasswordFile))
            {
                throw new TlsFileException("--tls-ca and --tls-password-file need --tls-cert FILE.pfx, the terminal's own certificate.");
            }
            return null;
        }
        var password = TlsFiles.ReadPassword(options.TlsPasswordFile, passwordFromEnvironment);
        var (certificate, anchor) = TlsFiles.Load(options.TlsCertificate, password, options.TlsCertificateAuthority, time);
        return client => client.UseTls(certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (remote, _, _) => CertificateTrust.IsTrusted(remote, anchor);
        });
    }
}

using System.Net;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Hosting;

/// <summary>Where the silo gateways are and how the client reaches them: TLS when configured, and the credential on every call.</summary>
public sealed record ClusterAddress(IReadOnlyList<IPEndPoint> Gateways, Action<IClientBuilder> ConfigureClient)
{
    /// <exception cref="FormatException">A <c>--silo</c> is not host:port.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A gateway's host name does not resolve.</exception>
    /// <exception cref="RetentionActors.Tls.TlsFileException">A TLS file is missing or unusable.</exception>
    public static ClusterAddress For(TerminalOptions options, TerminalCredential? credential)
    {
        var gateways = TerminalOptions.ResolveGateways(options.Silos);
        var tls = GatewayTls.From(options);
        return new(gateways, client =>
        {
            tls?.Invoke(client);
            if (credential is not null)
            {
                client.AddOutgoingGrainCallFilter(new CredentialFilter(credential));
            }
        });
    }
}

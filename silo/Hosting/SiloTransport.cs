using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Where the silo port and the gateway listen, and the rule that goes with it. On loopback only, plain
/// TCP is fine: nothing beyond this machine can connect. Reachable beyond loopback, the silo needs mutual
/// TLS, because anyone who reaches the gateway could otherwise call every grain; an operator on a closed
/// network may waive that with <c>--insecure-transport</c>, and every start then says so.
/// </summary>
public static partial class SiloTransport
{
    /// <summary>
    /// The address <see cref="SiloOptions.AdvertisedAddress"/> names: an IP address, or <c>auto</c> for this
    /// host's first IPv4 address that is not loopback (a container's address on its network).
    /// </summary>
    public static IPAddress ResolveAdvertised(string setting)
    {
        if (!setting.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.TryParse(setting, out var address)
                ? address
                : throw new SiloStartupException($"--advertise {setting}: expected an IP address (such as 10.0.0.5) or auto.");
        }
        var host = Dns.GetHostName();
        return Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new SiloStartupException($"--advertise auto: this host ({host}) has no IPv4 address other than loopback. Give the address other silos and terminals reach it at with --advertise A.B.C.D.");
    }

    /// <summary>Refuses to run reachable beyond loopback without TLS, unless <see cref="SiloOptions.InsecureTransport"/> waives it.</summary>
    public static void Require(IReadOnlyCollection<IPAddress> listening, SiloOptions options)
    {
        if (IsReachableBeyondLoopback(listening) && !HasTls(options) && !options.InsecureTransport)
        {
            throw new SiloStartupException($"""
                Refusing to start: the silo port {options.SiloPort} and the gateway {options.GatewayPort} would be reachable beyond this machine ({string.Join(", ", listening.Distinct())}) without TLS.
                Give the silo a certificate: --tls-cert FILE.pfx --tls-ca ca.crt, with the password in --tls-password-file FILE or RETENTION_TLS_PASSWORD
                (the silo's certs command makes them; see README "Secure transport").
                Or, on a closed network only, pass --insecure-transport to run without TLS.
                """);
        }
    }

    /// <summary>
    /// Applies <see cref="Require"/> to the endpoints the silo will really listen on — as configured here,
    /// or overridden through <c>Orleans:Endpoints</c> — and warns when the rule was waived. Returns the
    /// line the start banner shows.
    /// </summary>
    public static string Verify(IServiceProvider services, SiloOptions options)
    {
        var endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        // Orleans listens on the advertised address unless a listening endpoint is set; without an advertised
        // address it picks one of the host's, which is reachable from outside.
        var advertised = endpoints.AdvertisedIPAddress ?? IPAddress.Any;
        IPAddress[] listening = [endpoints.SiloListeningEndpoint?.Address ?? advertised, endpoints.GatewayListeningEndpoint?.Address ?? advertised];
        Require(listening, options);

        if (HasTls(options))
        {
            return $"mutual TLS ({Path.GetFileName(options.TlsCertificate)}), listening on {string.Join(", ", listening.Distinct())}";
        }
        if (!IsReachableBeyondLoopback(listening))
        {
            return "plain TCP on loopback only (not reachable from other machines)";
        }
        var addresses = string.Join(", ", listening.Distinct());
        LogInsecureTransport(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SiloTransport)), options.SiloPort, options.GatewayPort, addresses);
        return $"WARNING plain TCP reachable beyond this machine ({addresses}, --insecure-transport): anyone on that network can read the traffic and call every grain";
    }

    private static bool HasTls(SiloOptions options) => !string.IsNullOrEmpty(options.TlsCertificate);

    private static bool IsReachableBeyondLoopback(IEnumerable<IPAddress> listening) => listening.Any(a => !IPAddress.IsLoopback(a));

    [LoggerMessage(Level = LogLevel.Warning, Message = "--insecure-transport: the silo port {SiloPort} and the gateway {GatewayPort} take plain TCP on {Addresses}, " +
        "reachable beyond this machine: anyone on that network can read the traffic and call every grain. Use it on a closed network only, or give the silo --tls-cert.")]
    private static partial void LogInsecureTransport(ILogger logger, int siloPort, int gatewayPort, string addresses);
}

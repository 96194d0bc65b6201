using System.Net;
using System.Net.Sockets;

namespace RetentionActors.Silo.Webhooks;

/// <summary>
/// Which addresses a webhook may be delivered to. The URL is typed by an operator, so without this a subscription could
/// make the silo post to what only the silo can reach: its own back office on loopback, the cloud's metadata service
/// (169.254.169.254), the database or other services on the private network. So deliveries reach public addresses
/// only, plus the networks the operator names in <see cref="WebhookOptions.AllowedNetworks"/> (a receiver inside the
/// company network). The check runs on the addresses actually connected to, so a host name that resolves to a private
/// address, or changes what it resolves to after the subscription was made, is held to it too.
/// </summary>
public sealed class WebhookNetworks
{
    // Loopback, private, shared (carrier-grade NAT), link-local, benchmarking, documentation, multicast and reserved
    // ranges: none of them is a receiver on the internet. IPv6 forms that carry an IPv4 address (IPv4-compatible and
    // -translated, local-use NAT64, 6to4, Teredo) are refused whole: behind a translator they can reach any IPv4 address.
    // The well-known NAT64 prefix is how an IPv6-only cluster reaches the IPv4 internet, so its IPv4 address is judged.
    private static readonly IPNetwork[] NotPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "::/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/32",
            "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly IReadOnlyList<IPNetwork> _allowed;

    public WebhookNetworks(IReadOnlyList<IPNetwork> allowed) => _allowed = allowed;

    /// <summary>Whether a delivery may connect to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address)
    {
        // An IPv4 address written as IPv6 (::ffff:10.0.0.1) or translated by NAT64 (64:ff9b::a00:1) is the IPv4 address.
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
            : Nat64.Contains(address) ? new IPAddress(address.GetAddressBytes()[12..])
            : address;
        return _allowed.Any(network => network.Contains(plain)) || !NotPublic.Any(network => network.Contains(plain));
    }

    /// <summary>Parses <c>Webhooks:AllowedNetworks</c>: CIDR networks separated by commas (e.g. <c>10.20.0.0/16, fd00:1::/64</c>); null when it is not that.</summary>
    public static IReadOnlyList<IPNetwork>? Parse(string? networks)
    {
        var parsed = new List<IPNetwork>();
        foreach (var text in (networks ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPNetwork.TryParse(text, out var network))
            {
                return null;
            }
            parsed.Add(network);
        }
        return parsed;
    }

    /// <summary>
    /// Connects a delivery's HTTP connection to the first address of its host that <see cref="Allows"/> (for
    /// <see cref="SocketsHttpHandler.ConnectCallback"/>); refuses with <see cref="WebhookAddressRefusedException"/> when it allows none.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(Allows).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookAddressRefusedException(host, addresses);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery refused because its host is not on a network webhooks may reach; the message says how to allow it.</summary>
public sealed class WebhookAddressRefusedException(string host, IReadOnlyList<IPAddress> addresses) : Exception(
    $"{host} is {(addresses.Count == 0 ? "not resolvable" : "at " + string.Join(", ", addresses.Select(a => a.ToString())))}, which is not a public address: " +
    $"webhooks are not delivered to loopback, private or link-local networks unless the operator names them in {WebhookOptions.Section}__AllowedNetworks.");

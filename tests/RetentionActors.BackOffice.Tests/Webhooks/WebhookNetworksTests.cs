using System.Net;
using System.Net.Sockets;
using RetentionActors.Silo.Webhooks;

namespace RetentionActors.BackOffice.Tests.Webhooks;

/// <summary>Deliveries reach public addresses and the networks the operator allows, and nothing else (no SSRF).</summary>
public sealed class WebhookNetworksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // the cloud metadata service
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")] // IPv4 written as IPv6
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("::ffff:0:127.0.0.1")] // IPv4-translated
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("64:ff9b:1::a9fe:a9fe")] // local-use NAT64
    [InlineData("2002:a9fe:a9fe::1")] // 6to4
    [InlineData("2001:0:4136:e378::1")] // Teredo
    [InlineData("fec0::1")] // site-local
    public void Loopback_private_and_link_local_addresses_are_refused_by_default(string address) =>
        Assert.False(new WebhookNetworks([]).Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] // NAT64 of 8.8.8.8: how an IPv6-only cluster reaches the IPv4 internet
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(new WebhookNetworks([]).Allows(IPAddress.Parse(address)));

    [Fact]
    public void A_network_the_operator_names_is_allowed_and_its_neighbours_are_not()
    {
        var networks = new WebhookNetworks(WebhookNetworks.Parse(" 10.20.0.0/16, fd00:1::/64")!);

        Assert.True(networks.Allows(IPAddress.Parse("10.20.5.6")));
        Assert.True(networks.Allows(IPAddress.Parse("fd00:1::7")));
        Assert.False(networks.Allows(IPAddress.Parse("10.21.0.1")));
        Assert.False(networks.Allows(IPAddress.Parse("127.0.0.1")));
    }

    [Theory]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/33")]
    [InlineData("intranet")]
    public void An_unreadable_allowance_stops_the_silo_with_what_to_write(string networks) =>
        Assert.Contains("CIDR networks separated by commas", new WebhookOptions { AllowedNetworks = networks }.Problem(), StringComparison.Ordinal);

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_when_connecting_and_nothing_reaches_the_receiver()
    {
        using var receiver = new TcpListener(IPAddress.Loopback, 0);
        receiver.Start();
        var url = new Uri($"http://localhost:{((IPEndPoint)receiver.LocalEndpoint).Port}/hook");

        using var refusing = Client(new WebhookNetworks([]));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => refusing.PostAsync(url, new StringContent("{}"), Ct));

        Assert.IsType<WebhookAddressRefusedException>(refused.InnerException);
        Assert.Contains("Webhooks__AllowedNetworks", refused.InnerException!.Message, StringComparison.Ordinal);
        Assert.False(receiver.Pending(), "a refused delivery must not even open a connection");

        // The same receiver, once its network is allowed: the connection is made.
        using var allowing = Client(new WebhookNetworks(WebhookNetworks.Parse("127.0.0.0/8")!));
        var sending = allowing.PostAsync(url, new StringContent("{}"), Ct);
        using (var accepted = await receiver.AcceptTcpClientAsync(Ct))
        {
            Assert.True(accepted.Connected);
        }
        // Closed without an answer: the post fails, for the connection's reason, not the address's.
        var unanswered = await Assert.ThrowsAsync<HttpRequestException>(() => sending);
        Assert.IsNotType<WebhookAddressRefusedException>(unanswered.InnerException);
    }

    private static HttpClient Client(WebhookNetworks networks) =>
        new(new SocketsHttpHandler { UseProxy = false, ConnectCallback = networks.ConnectAsync }) { Timeout = TimeSpan.FromSeconds(30) };
}

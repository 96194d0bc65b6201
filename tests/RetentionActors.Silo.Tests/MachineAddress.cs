using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace RetentionActors.Silo.Tests;

/// <summary>This machine's address on a network (not loopback), as another machine would reach it.</summary>
public static class MachineAddress
{
    /// <summary>The first IPv4 address of an interface that is up and not loopback; skips the test when there is none.</summary>
    public static IPAddress NonLoopbackIPv4()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.SkipWhen(address is null, "This machine has no IPv4 address other than loopback, so nothing could reach a silo from elsewhere.");
        return address!;
    }

    /// <summary>Whether a TCP connection to <paramref name="address"/>:<paramref name="port"/> is accepted.</summary>
    public static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port, TestContext.Current.CancellationToken);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }
}

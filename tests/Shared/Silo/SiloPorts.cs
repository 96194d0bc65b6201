using System.Net;
using System.Net.Sockets;

namespace RetentionActors.Tests.Shared.Silo;

/// <summary>The three ports a silo listens on; kept across a restart so terminals find it again.</summary>
public sealed record SiloPorts(int Silo, int Gateway, int Http)
{
    /// <summary>
    /// Three free ports, different from each other: the three listeners are held open together while the kernel picks, so
    /// it cannot hand the same port out twice (picked one after another, a silo got 45637 as both its silo and its HTTP port).
    /// </summary>
    public static SiloPorts Free()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return new SiloPorts(ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}

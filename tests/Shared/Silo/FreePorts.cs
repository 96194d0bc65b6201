using System.Net;
using System.Net.Sockets;

namespace RetentionActors.Tests.Shared.Silo;

/// <summary>
/// Ports for a process the tests start, which binds them a second or so later. They are taken below the kernel's
/// ephemeral range: a port the kernel picks (port 0) comes from that range, and in the time before the process binds it
/// the kernel may give the same port to an outgoing connection (a test's or the silo's own to PostgreSQL) as its local
/// port, and the bind fails with "address already in use" (one CI run, 2026-12-05).
/// </summary>
public static class FreePorts
{
    private static readonly int Below = EphemeralStart();

    /// <summary><paramref name="count"/> different ports, each free when taken: held open together while they are tried.</summary>
    public static int[] Take(int count)
    {
        var held = new List<TcpListener>();
        try
        {
            while (held.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(10_000, Below));
                try
                {
                    listener.Start();
                    held.Add(listener);
                }
                catch (SocketException)
                {
                    // Taken by someone else: try another.
                }
            }
            return [.. held.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in held)
            {
                listener.Stop();
            }
        }
    }

    // The first port of the kernel's range for outgoing connections (32768 on Linux unless changed).
    private static int EphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var start) && start > 11_000
            ? start
            : 32_768;
    }
}

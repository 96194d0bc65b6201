using System.Net.Sockets;
using Orleans.Runtime;

namespace RetentionActors.Terminal.Checkout;

/// <summary>Tells transport failures (no silo, dropped connection, timeout) from answers and malformed requests.</summary>
public static class Unreachable
{
    public static bool IsTransportFailure(Exception e) => e switch
    {
        SiloUnreachableException or RetentionActors.Contracts.ConcurrentUpdateException or TimeoutException or SocketException or IOException => true,
        ArgumentException => false,
        ObjectDisposedException => true,
        OrleansException => true,
        _ => e.InnerException is { } inner && IsTransportFailure(inner),
    };
}

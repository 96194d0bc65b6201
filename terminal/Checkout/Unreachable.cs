using System.Net.Sockets;
using Orleans.Runtime;

namespace RetentionActors.Terminal.Checkout;

/// <summary>Tells transport failures (no silo, dropped connection, timeout) from answers and malformed requests.</summary>
public static class Unreachable
{
    /// <summary>
    /// The silo answered, but its database is away: retry later, over the same connection (it is fine). Checked before
    /// <see cref="IsTransportFailure"/>, which would take it for a lost silo when it arrives wrapped in an Orleans exception.
    /// </summary>
    public static bool IsStoreUnavailable(Exception e) =>
        e is RetentionActors.Contracts.StoreUnavailableException || e.InnerException is { } inner && IsStoreUnavailable(inner);

    /// <summary>Whether the call never left the till: no gateway was connected (the terminal's own refusal to send).</summary>
    public static bool NeverSent(Exception e) => e is SiloUnreachableException || e.InnerException is { } inner && NeverSent(inner);

    public static bool IsTransportFailure(Exception e) => e switch
    {
        SiloUnreachableException or RetentionActors.Contracts.ConcurrentUpdateException or TimeoutException or SocketException or IOException => true,
        ArgumentException => false,
        ObjectDisposedException => true,
        OrleansException => true,
        _ => e.InnerException is { } inner && IsTransportFailure(inner),
    };
}

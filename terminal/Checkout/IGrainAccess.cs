namespace RetentionActors.Terminal.Checkout;

/// <summary>The terminal's way to the grains: connected, or not right now.</summary>
public interface IGrainAccess
{
    /// <summary>The grains of a connected cluster; throws <see cref="SiloUnreachableException"/> while disconnected.</summary>
    IGrainFactory Grains { get; }

    /// <summary>
    /// How long one call may take before it counts as failed; a failed purchase is retried once only while at most half
    /// of it is spent, so the till still answers within it.
    /// </summary>
    TimeSpan CallTimeout => TimeSpan.FromSeconds(5);

    /// <summary>
    /// Tells the connection a call failed for want of a silo. One failure fails that call only: the connection decides
    /// whether the cluster is gone (no gateway left, or nothing but failures for a while) and only then reconnects.
    /// </summary>
    void ReportUnreachable(Exception failure);

    /// <summary>
    /// Cancelled when one of the connection's gateway connections closes (taken before a call, it says whether one
    /// closed while the call waited). The Orleans client lets a call sent through a gateway that died wait out its whole
    /// timeout; a till that sees this may send the purchase again at once, through the gateways left.
    /// </summary>
    CancellationToken GatewayDropped => CancellationToken.None;

    /// <summary>Tells the connection a call got an answer (any answer): the cluster is there, whatever failed before.</summary>
    void ReportAnswered()
    {
    }
}

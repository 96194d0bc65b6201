namespace RetentionActors.Terminal.Checkout;

/// <summary>The terminal's way to the grains: connected, or not right now.</summary>
public interface IGrainAccess
{
    /// <summary>The grains of a connected cluster; throws <see cref="SiloUnreachableException"/> while disconnected.</summary>
    IGrainFactory Grains { get; }

    /// <summary>Tells the connection a call failed for want of a silo, so it reconnects.</summary>
    void ReportUnreachable(Exception failure);
}

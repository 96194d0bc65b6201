namespace RetentionActors.Tests.Shared.Silo;

/// <summary>The three ports a silo listens on; kept across a restart so terminals find it again.</summary>
public sealed record SiloPorts(int Silo, int Gateway, int Http)
{
    /// <summary>Three free ports, different from each other, outside the kernel's range for outgoing connections (see <see cref="FreePorts"/>).</summary>
    public static SiloPorts Free()
    {
        var ports = FreePorts.Take(3);
        return new SiloPorts(ports[0], ports[1], ports[2]);
    }
}

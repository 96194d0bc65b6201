using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>A silo connection a test can cut and restore.</summary>
public sealed class SwitchableGrainAccess(IGrainFactory grains) : IGrainAccess
{
    public bool Up { get; set; }

    public int Failures { get; private set; }

    public IGrainFactory Grains => Up ? grains : throw new SiloUnreachableException();

    public void ReportUnreachable(Exception failure) => Failures++;
}

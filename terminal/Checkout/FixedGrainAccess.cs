namespace RetentionActors.Terminal.Checkout;

/// <summary>Grain access through a client someone else keeps connected (a test cluster's client).</summary>
public sealed class FixedGrainAccess(IGrainFactory grains) : IGrainAccess
{
    public IGrainFactory Grains => grains;

    public void ReportUnreachable(Exception failure)
    {
    }
}

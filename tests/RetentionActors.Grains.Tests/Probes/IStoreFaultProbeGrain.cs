namespace RetentionActors.Grains.Tests.Probes;

/// <summary>A test grain that fails the way a store can: <see cref="StoreFaultProbeGrain"/> says how.</summary>
[Alias("RetentionActors.Grains.Tests.Probes.IStoreFaultProbeGrain")]
public interface IStoreFaultProbeGrain : IGrainWithStringKey
{
    /// <summary>Throws the failure named by <paramref name="kind"/>.</summary>
    [Alias("FailAsync")]
    Task FailAsync(string kind);
}

namespace RetentionActors.Grains.Tests.Probes;

/// <summary>A test grain that counts the ticks of a fast in-memory timer.</summary>
[Alias("RetentionActors.Grains.Tests.Probes.ITimerProbeGrain")]
public interface ITimerProbeGrain : IGrainWithStringKey
{
    [Alias("StartAsync")]
    Task StartAsync();

    [Alias("TicksAsync")]
    Task<int> TicksAsync();
}

namespace RetentionActors.Grains.Tests.Probes;

/// <summary>A test grain that counts the ticks of a durable one-second reminder in its persisted state.</summary>
[Alias("RetentionActors.Grains.Tests.Probes.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("StartAsync")]
    Task StartAsync();

    [Alias("TicksAsync")]
    Task<int> TicksAsync();
}

namespace RetentionActors.Grains.Tests.Probes;

[GenerateSerializer, Alias("RetentionActors.Grains.Tests.Probes.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public int Ticks { get; set; }
}

public sealed class ReminderProbeGrain([PersistentState("probe", StorageNames.Loyalty)] IPersistentState<ProbeState> state)
    : Grain, IReminderProbeGrain, IRemindable
{
    public Task StartAsync() => this.RegisterOrUpdateReminder("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    public Task<int> TicksAsync() => Task.FromResult(state.State.Ticks);

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}

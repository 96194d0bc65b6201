namespace RetentionActors.Grains.Tests.Probes;

public sealed class TimerProbeGrain : Grain, ITimerProbeGrain
{
    private IGrainTimer? _timer;
    private int _ticks;

    public Task StartAsync()
    {
        _timer ??= this.RegisterGrainTimer(() =>
        {
            _ticks++;
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(50)));
        return Task.CompletedTask;
    }

    public Task<int> TicksAsync() => Task.FromResult(_ticks);
}

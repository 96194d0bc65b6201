using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Pn532;

/// <summary>A <see cref="Pn532Simulator"/> sitting on the device end of a socat pty pair; the host end is <see cref="Port"/>.</summary>
public sealed class SimulatedPn532 : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private PtyPair _pty;
    private FileStream _device;
    private Task _serving;

    private SimulatedPn532(PtyPair pty)
    {
        _pty = pty;
        _device = pty.OpenDevice();
        Simulator = new Pn532Simulator(_device);
        _serving = Simulator.RunAsync(_stop.Token);
    }

    public Pn532Simulator Simulator { get; private set; }

    public string Port => _pty.Host;

    public static async Task<SimulatedPn532> StartAsync() => new(await PtyPair.StartAsync());

    /// <summary>Completes after the reader has polled <paramref name="count"/> more times.</summary>
    public Task PollsAsync(int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = Simulator.Polls + count;
        void OnPolled(int polls)
        {
            if (polls >= target)
            {
                Simulator.Polled -= OnPolled;
                done.TrySetResult();
            }
        }
        Simulator.Polled += OnPolled;
        return done.Task;
    }

    /// <summary>Pulls the reader's cable: the pty pair disappears.</summary>
    public async Task UnplugAsync()
    {
        await _pty.KillAsync();
        await _serving.Within("the simulator to notice the unplug");
        await _device.DisposeAsync();
    }

    /// <summary>Plugs a fresh PN532 in at the same path, with the same card on it.</summary>
    public async Task ReplugAsync()
    {
        var card = Simulator.Card;
        _pty = await PtyPair.StartAsync(_pty.Folder);
        _device = _pty.OpenDevice();
        Simulator = new Pn532Simulator(_device) { Card = card };
        _serving = Simulator.RunAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pty.DisposeAsync();
        await _serving.WaitAsync(TimeSpan.FromSeconds(5));
        await _device.DisposeAsync();
        _stop.Dispose();
    }
}

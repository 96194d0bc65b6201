using System.Threading.Channels;

namespace RetentionActors.Bench.Load;

/// <summary>
/// An open loop: operations arrive at a fixed rate whatever the answers take, and are dealt to the terminals in turn;
/// each terminal serves its own queue one operation at a time, as a till does. A fixed rate keeps the work per second the
/// same from window to window, so CPU per operation is compared at the same load (a closed loop would send more whenever
/// the machine's other tenants happen to be quiet). Latency runs from the arrival.
/// </summary>
public sealed class OpenLoop(int terminals, double rate)
{
    private readonly Lock _lock = new();
    private List<long> _latencies = new(4096);
    private List<long> _queued = new(4096);
    private long _errors;
    private Exception? _firstError;

    /// <summary>Operations answered as expected so far.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    private long _completed;

    /// <summary>Operations that threw or were answered unexpectedly so far.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public Exception? FirstError => _firstError;

    /// <summary>The latencies (stopwatch ticks) of the operations finished since the last call.</summary>
    public List<long> TakeLatencies() => Take(ref _latencies);

    /// <summary>
    /// Of the operations finished since the last call, how long (stopwatch ticks) each waited from its arrival to the moment
    /// its terminal sent it: the dealer's lateness (its timer, a pause of the process) and the operations before it on the
    /// same terminal.
    /// </summary>
    public List<long> TakeQueueWaits() => Take(ref _queued);

    private List<long> Take(ref List<long> samples)
    {
        lock (_lock)
        {
            var taken = samples;
            samples = new List<long>(taken.Count);
            return taken;
        }
    }

    /// <summary>Sends operations for <paramref name="duration"/>, then waits for the ones still queued.</summary>
    public async Task RunAsync(TimeSpan duration, Func<SimulatedTerminal, Task<bool>> operation)
    {
        var queues = Enumerable.Range(0, terminals)
            .Select(_ => Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })).ToArray();
        var serving = queues.Select((queue, index) => Task.Run(() => ServeAsync(new SimulatedTerminal(index, index), queue.Reader, operation))).ToArray();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Arrivals.DealAsync(start, end, rate, [.. queues.Select(q => q.Writer)]);
        await Task.WhenAll(serving);
    }

    private async Task ServeAsync(SimulatedTerminal terminal, ChannelReader<long> arrivals, Func<SimulatedTerminal, Task<bool>> operation)
    {
        await foreach (var arrival in arrivals.ReadAllAsync())
        {
            var sent = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                ok = await operation(terminal);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref _firstError, exception, null);
                ok = false;
            }
            terminal.Sequence++;
            Interlocked.Increment(ref ok ? ref _completed : ref _errors);
            var latency = Stopwatch.GetTimestamp() - arrival;
            lock (_lock)
            {
                _latencies.Add(latency);
                _queued.Add(sent - arrival);
            }
        }
    }
}

using System.Threading.Channels;

namespace RetentionActors.Bench.Load;

/// <summary>The arrivals of an open loop, dealt to the terminals' queues in turn at a fixed rate.</summary>
internal static class Arrivals
{
    /// <summary>
    /// Arrival i is due at <paramref name="start"/> + i / <paramref name="rate"/>; every few milliseconds, whatever is due
    /// by now (and before <paramref name="end"/>) is dealt out, stamped with the moment it was due. All of it: holding one
    /// back until the next arrival is due would put the gap between arrivals (10 ms at 100/s) into its latency. The queues
    /// are completed at the end.
    /// </summary>
    public static async Task DealAsync(long start, long end, double rate, IReadOnlyList<ChannelWriter<long>> queues)
    {
        long Arrival(long index) => start + (long)(index * Stopwatch.Frequency / rate);
        using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
        {
            for (var issued = 0L; ;)
            {
                var now = Stopwatch.GetTimestamp();
                for (var due = Arrival(issued); due <= now && due < end; due = Arrival(++issued))
                {
                    queues[(int)(issued % queues.Count)].TryWrite(due);
                }
                if (now >= end)
                {
                    break;
                }
                await tick.WaitForNextTickAsync();
            }
        }
        foreach (var queue in queues)
        {
            queue.Complete();
        }
    }
}

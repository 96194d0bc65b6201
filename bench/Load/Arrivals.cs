using System.Threading.Channels;

namespace RetentionActors.Bench.Load;

/// <summary>The arrivals of an open loop, dealt to the terminals' queues in turn at a fixed rate.</summary>
internal static class Arrivals
{
    /// <summary>
    /// Arrival i is due at <paramref name="start"/> + i / <paramref name="rate"/>; whatever is due by now (and before
    /// <paramref name="end"/>) is dealt out, stamped with the moment it was due, then the dealer sleeps until the next
    /// one is due. All of it: holding one back until the next arrival is due would put the gap between arrivals (10 ms
    /// at 100/s) into its latency. Sleeping to the next due moment rather than on a fixed tick keeps the dealer's own
    /// lateness, which the latencies include, down to the timer's resolution (about a millisecond): with a 5 ms tick
    /// arrivals were up to 5 ms late, and a 1 ms tick took the median from 7.2 to 6.2 ms at about 1,000 sales a second. The queues are completed at the end.
    /// </summary>
    public static async Task DealAsync(long start, long end, double rate, IReadOnlyList<ChannelWriter<long>> queues)
    {
        long Arrival(long index) => start + (long)(index * Stopwatch.Frequency / rate);
        for (var issued = 0L; ;)
        {
            var now = Stopwatch.GetTimestamp();
            var due = Arrival(issued);
            for (; due <= now && due < end; due = Arrival(++issued))
            {
                queues[(int)(issued % queues.Count)].TryWrite(due);
            }
            if (due >= end)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (due - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        }
        foreach (var queue in queues)
        {
            queue.Complete();
        }
    }
}

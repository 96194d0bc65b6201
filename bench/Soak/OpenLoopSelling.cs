using System.Threading.Channels;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Faults;
using RetentionActors.Bench.Load;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Bench.Soak;

/// <summary>
/// Open-loop selling: operations arrive at a fixed rate whatever the answers take, as customers walk up to the tills,
/// and are dealt to the tills in turn; each till serves its own queue one operation at a time, as a cashier does. An
/// operation's latency runs from its arrival, so a stall counts in every operation that waited behind it (a closed loop
/// would hide it by sending less). About one operation in ten spends the points a purchase at the same till earned,
/// so it never asks for more than the customer has; the rest are purchases on uniformly chosen cards.
/// </summary>
public sealed class OpenLoopSelling(IReadOnlyList<BenchTill> tills, int customers, string receiptPrefix, double rate)
{
    private const double RedemptionShare = 0.1;
    // Purchases a till remembers for later redemptions; older ones are forgotten (their points stay with the customer).
    private const int Remembered = 1_000;

    private readonly Lock _lock = new();
    private WindowTally _window = new();
    private Exception? _firstError;

    /// <summary>The first operation that threw, if any.</summary>
    public Exception? FirstError => _firstError;

    /// <summary>
    /// Sells for <paramref name="windows"/> × <paramref name="window"/>; after each window, <paramref name="onWindow"/>
    /// gets its number (from 1) and what finished in it, while selling goes on. Returns what finished after the last
    /// window ended (operations still in flight then).
    /// </summary>
    public async Task<WindowTally> RunAsync(int windows, TimeSpan window, Func<int, WindowTally, Task> onWindow)
    {
        var queues = tills.Select(_ => Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })).ToArray();
        var serving = tills.Select((till, index) => Task.Run(() => ServeAsync(till, index, queues[index].Reader))).ToArray();
        var start = Stopwatch.GetTimestamp();
        var windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
        var end = start + windows * windowTicks;
        var windowing = Task.Run(async () =>
        {
            for (var number = 1; number <= windows; number++)
            {
                await Until(start + number * windowTicks);
                WindowTally finished;
                lock (_lock)
                {
                    (finished, _window) = (_window, new WindowTally());
                }
                await onWindow(number, finished);
            }
        });

        await Arrivals.DealAsync(start, end, rate, [.. queues.Select(q => q.Writer)]);
        await Task.WhenAll(serving);
        await windowing;
        lock (_lock)
        {
            return _window;
        }
    }

    private async Task ServeAsync(BenchTill till, int index, ChannelReader<long> arrivals)
    {
        var random = new Random(index);
        var earned = new Queue<(int Rank, long Points)>();
        var receipt = 0;
        await foreach (var arrival in arrivals.ReadAllAsync())
        {
            receipt++;
            var served = Stopwatch.GetTimestamp();
            string? answered = null;
            try
            {
                if (earned.Count > 0 && random.NextDouble() < RedemptionShare)
                {
                    var (rank, points) = earned.Dequeue();
                    answered = (await till.RedeemAsync(Shop.CardId(rank), $"{receiptPrefix}r{index}-{receipt}", points)).Event;
                }
                else
                {
                    var rank = random.Next(customers);
                    var answer = await till.SellAsync(Shop.CardId(rank), $"{receiptPrefix}{index}-{receipt}", random.Next(500, 6_000) / 100m);
                    if (answer is AccruedAnswer { PointsEarned: > 0 and var points })
                    {
                        earned.Enqueue((rank, points));
                        if (earned.Count > Remembered)
                        {
                            earned.Dequeue();
                        }
                    }
                    answered = answer.Event;
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref _firstError, exception, null);
            }
            var latency = Stopwatch.GetTimestamp() - arrival;
            lock (_lock)
            {
                _window.Add(latency, answered, index, arrival, served);
            }
        }
    }

    private static async Task Until(long timestamp)
    {
        var left = timestamp - Stopwatch.GetTimestamp();
        if (left > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
        }
    }
}

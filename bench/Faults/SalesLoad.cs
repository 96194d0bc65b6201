using RetentionActors.Bench.Cluster;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Bench.Faults;

/// <summary>
/// Tills selling at a cashier's pace (a sale every 25 ms each) while a fault strikes: for <c>before</c>, through the
/// fault, and for <c>after</c> it ended (or as long as the drill says); then they stop and their outboxes drain. Each sale is then looked for.
/// </summary>
public sealed class SalesLoad(BenchContext context, FaultCluster cluster, int customers, TimeSpan before, TimeSpan after)
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(25);

    public async Task<(string Drill, DrillCounts Counts, string Note)> RunAsync(string drill, TillGroup tills, Func<Task<string>> fault, TimeSpan? sellingAfter = null)
    {
        var afterFault = sellingAfter ?? after;
        var prefix = $"{context.RunTag}-{drill}-";
        var (queued, accrued, declined) = (0, 0, 0);
        var faultOver = DateTimeOffset.MaxValue;
        DateTimeOffset? firstAccruedAfter = null;
        using var stop = new CancellationTokenSource();
        var selling = tills.Tills.Select((till, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            for (var receipt = 0; !stop.IsCancellationRequested; receipt++)
            {
                var answer = await till.SellAsync(Shop.CardId(random.Next(customers)), $"{prefix}{index}-{receipt}", 10m);
                switch (answer.Event)
                {
                    case AnswerEvents.Queued:
                        Interlocked.Increment(ref queued);
                        break;
                    case AnswerEvents.Accrued:
                        Interlocked.Increment(ref accrued);
                        lock (tills)
                        {
                            if (DateTimeOffset.UtcNow >= faultOver)
                            {
                                firstAccruedAfter ??= DateTimeOffset.UtcNow;
                            }
                        }
                        break;
                    default:
                        Interlocked.Increment(ref declined);
                        break;
                }
                await Task.Delay(Pace);
            }
        })).ToArray();

        Console.Error.WriteLine($"  {drill}: {tills.Tills.Count} tills selling");
        await Task.Delay(before);
        var what = await fault();
        lock (tills)
        {
            faultOver = DateTimeOffset.UtcNow;
        }
        Console.Error.WriteLine($"  {drill}: {what}");
        await Task.Delay(afterFault);
        await stop.CancelAsync();
        await Task.WhenAll(selling);
        var drained = await Task.WhenAll(tills.Tills.Select(t => t.DrainedAsync(BenchTill.DrainWithin)));

        var sales = tills.Tills.SelectMany(t => t.Sales).Where(s => s.ReceiptId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var counts = (await FaultLedger.ReadAsync(cluster.Grains, customers)).Tally(sales, tills.KeptSales);
        var recovery = firstAccruedAfter is { } first
            ? FormattableString.Invariant($"first sale accrued at once {(first - faultOver).TotalSeconds:F1} s after the fault ended")
            : FormattableString.Invariant($"no sale accrued at once in the {afterFault.TotalSeconds:F0} s the tills sold after the fault");
        return (drill, counts, FormattableString.Invariant(
            $"{what}; at the till {accrued} accrued at once, {queued} queued, {declined} declined; {recovery}; outboxes {(drained.All(d => d) ? "empty" : "NOT empty")} afterwards"));
    }
}

using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Reporting;
using RetentionActors.Contracts.Cards;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Scenario 4: every purchase is sent three times — once, then twice more at the same moment, as a till
/// that timed out and a second retry would. Each send is a new call (there is no transport-level request
/// id to reuse); only the receipt, the business identity, repeats. Exactly one answer may grant points.
/// </summary>
public static class RetryStormScenario
{
    public const string Name = "retry-storm";
    public const string Original = "retry-original";
    public const string Duplicate = "retry-duplicate";

    public static async Task RunAsync(BenchContext context, BenchCluster cluster, Backend backend)
    {
        var grains = cluster.Grains;
        var tag = $"{context.RunTag}-{backend.Name}-retry";
        long granted = 0, doubled = 0;
        var before = await Till.TotalBalanceAsync(grains, context.Options.Customers);

        var result = await context.Runner.RunAsync($"{Name} {backend.Name}", context.Options.Terminals, context.Options.Warmup, context.Options.Duration, async terminal =>
        {
            var card = grains.GetGrain<ILoyaltyCardGrain>(Shop.CardId(context.Zipf.Next(terminal.Random)));
            var purchase = Shop.Purchase(terminal.Random, terminal.Id, $"{tag}-{terminal.Id}-{terminal.Sequence}");
            var started = Stopwatch.GetTimestamp();
            var first = await card.EarnAsync(purchase);
            terminal.Mark(Original, Stopwatch.GetTimestamp() - started);
            if (!first.IsAccepted || first.Replayed)
            {
                return false;
            }
            Interlocked.Add(ref granted, first.PointsEarned);

            async Task<bool> Retry()
            {
                var sent = Stopwatch.GetTimestamp();
                var again = await card.EarnAsync(purchase);
                terminal.Mark(Duplicate, Stopwatch.GetTimestamp() - sent);
                if (!again.Replayed)
                {
                    Interlocked.Increment(ref doubled);
                }
                return again.Replayed && again.PointsEarned == first.PointsEarned && again.Balance == first.Balance;
            }
            var retries = await Task.WhenAll(Retry(), Retry());
            return retries.All(ok => ok);
        });

        var after = await Till.TotalBalanceAsync(grains, context.Options.Customers);
        context.Report.Add(Figure.From(Name, backend.Name, result, $"ops = purchases, each sent 3×; {context.CpuNote}".TrimEnd(' ', ';')));
        context.Report.Add(Figure.FromMark(Name, backend.Name, result, Original, "first send"));
        context.Report.Add(Figure.FromMark(Name, backend.Name, result, Duplicate, "repeated send (answered from the stored answer)"));
        context.Report.Add(new Check(Name, backend.Name, "duplicates that granted points", "0", Interlocked.Read(ref doubled).ToString(CultureInfo.InvariantCulture)));
        context.Report.Add(new Check(Name, backend.Name, "sum of balances moved by the points of first sends only",
            Interlocked.Read(ref granted).ToString(CultureInfo.InvariantCulture), (after - before).ToString(CultureInfo.InvariantCulture)));
    }
}

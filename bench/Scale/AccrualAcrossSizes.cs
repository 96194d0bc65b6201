using RetentionActors.Bench.Load;
using RetentionActors.Bench.Postgres;
using RetentionActors.Bench.Reporting;
using RetentionActors.Bench.Scenarios;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// Cost per accrual at every size in turn, for issue 14's goal "within 20 % from 10 k to 10 M members". Measured one size
/// after another, whole runs of one size spread up to 2× from hour to hour (every process's share rising together), more
/// than the sizes differed; so, as the baselines do for their ratios, the sizes here take turns: every size's silos are
/// still running, and each round measures each size once (the order turned every round), each window after a
/// <c>CHECKPOINT</c> and a short warm-up. The headline is the ratio of the largest size's CPU per accrual to the smallest
/// size's within each round: its median, min–max and spread over the rounds.
/// </summary>
public static class AccrualAcrossSizes
{
    public const string Name = PostgresScaleScenario.Name + "-accrual-turns";
    private const int Rounds = 5;

    public static async Task RunAsync(BenchContext context, PostgresServer server, IReadOnlyList<ScaleSite> sites)
    {
        if (sites.Count < 2)
        {
            return;
        }
        var options = context.Options;
        var rounds = options.Quick ? 2 : Rounds;
        var measures = new List<(ScaleSite Site, LoadRunner Runner, Func<string, Func<SimulatedTerminal, Task<bool>>> SalesOf, List<LoadResult> Runs)>();
        foreach (var site in sites)
        {
            // The sizes after this one took long enough (seeding) for its members to pass the silos' idle age: activated again.
            var grains = site.Cluster!.Grains;
            var activated = await ScaleAccrual.ActivateAsync(grains, site.ActiveMembers);
            var runner = new LoadRunner(site.Cpu!);
            var salesOf = ScaleAccrual.SalesOf(context, grains, $"{site.Size}-turns", ScaleAccrual.PickActive(site, options.ZipfExponent));
            var warmup = await ScaleAccrual.WarmUpAsync(context, runner, $"{Name} {site.Target}", salesOf);
            context.Report.Notes.Add(FormattableString.Invariant(
                $"{site.Target}: before the sizes' turns, {site.ActiveMembers.Length:N0} members activated again in {activated.TotalSeconds:F1} s, {warmup}"));
            measures.Add((site, runner, salesOf, []));
        }

        var warmupPerTurn = options.Quick ? options.Warmup : TimeSpan.FromSeconds(5);
        var checkpoints = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < measures.Count; turn++)
            {
                var (site, runner, salesOf, runs) = measures[(round + turn) % measures.Count];
                checkpoints.Add(await AlternatingBaselines.CheckpointAsync(server));
                var result = await runner.RunAsync($"{Name} {site.Target} round {round + 1}", options.Terminals, warmupPerTurn, options.Duration, salesOf($"round{round}"));
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"  {site.Target}: round {round + 1}, {result.Throughput:N0}/s, {result.CpuMicrosecondsPerOperation:N0} µs per accrual"));
                runs.Add(result);
            }
        }

        foreach (var (site, _, _, runs) in measures)
        {
            var median = runs.OrderBy(r => r.CpuMicrosecondsPerOperation).ElementAt(runs.Count / 2);
            context.Report.Add(Figure.From(Name, site.Target, median, FormattableString.Invariant(
                $"one checkout per sale, Zipf over the {site.ActiveMembers.Length:N0} active members; the sizes took turns, {rounds} rounds, each window {string.Join(" / ", checkpoints.Distinct())} and a {warmupPerTurn.TotalSeconds:N0} s warm-up; the median round by CPU per accrual: ") +
                $"rates {ScaleAccrual.Rates(runs.Select(r => r.Throughput))}/s, CPU {ScaleAccrual.Rates(runs.Select(r => r.CpuMicrosecondsPerOperation))} µs per accrual ({site.Cpu!.Counts})"));
        }

        var (smallest, largest) = (measures.MinBy(m => m.Site.Size), measures.MaxBy(m => m.Site.Size));
        var spread = new RatioSpread([.. largest.Runs.Zip(smallest.Runs, (l, s) => l.CpuMicrosecondsPerOperation / s.CpuMicrosecondsPerOperation)]);
        var name = FormattableString.Invariant($"accrual cost {largest.Site.Size:N0}/{smallest.Site.Size:N0} members");
        context.Report.Ratios[name] = spread.Median;
        context.Report.RatioExplanations[name] = FormattableString.Invariant(
            $"CPU per accrual, the largest size over the smallest in each round (goal: at most 1.2); {spread.Describe()}");
    }
}

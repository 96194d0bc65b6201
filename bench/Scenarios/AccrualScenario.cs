using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Postgres;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Scenario 1: N terminals run the till sequence (one checkout call: the card, a 3-line purchase, the balance)
/// over M customers with a Zipf skew. Afterwards the balances must have moved by exactly the points
/// the silo said it granted.
/// </summary>
public static class AccrualScenario
{
    public const string Name = "accrual";

    public static async Task<Figure> RunAsync(BenchContext context, BenchCluster cluster, Backend backend, int terminals, string scenario = Name)
    {
        var till = new Till(cluster.Grains, $"{context.RunTag}-{backend.Name}-{scenario}-{terminals}");
        var before = await Till.TotalBalanceAsync(cluster.Grains, context.Options.Customers);
        var countersBefore = backend.Postgres is { } postgres ? await CommitCounters.ReadAsync(postgres) : null;
        var result = await context.Runner.RunAsync($"{scenario} {backend.Name} ×{terminals}", terminals, context.Options.Warmup, context.Options.Duration,
            terminal => till.AccrueAsync(terminal, context.Zipf.Next(terminal.Random)));
        if (countersBefore is not null)
        {
            // Counted over the whole run, warm-up and in-flight operations included.
            var counters = await CommitCounters.ReadAsync(backend.Postgres!);
            context.Report.Notes.Add($"{scenario} {backend.Name} ×{terminals}: {countersBefore.Describe(counters, till.Accruals)}");
        }
        var figure = Figure.From(scenario, backend.Name, result, context.CpuNote);
        context.Report.Add(figure);
        context.Report.Add(await till.BalancesMovedAsync(scenario, $"{backend.Name} ×{terminals}", before, context.Options.Customers));
        return figure;
    }
}

using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Failover;
using RetentionActors.Bench.Faults;
using RetentionActors.Bench.Postgres;
using RetentionActors.Bench.Reporting;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// A silo lost and a silo restarted while tills sell (issue 20): two silo processes on PostgreSQL, four tills as the
/// terminal builds them, each selling ten times a second to random customers. Phases: both silos up; both saturated by
/// more sales from inside the cluster (no silo may suspect the other); the second silo SIGKILLed; the killed silo
/// started again; the second silo restarted gracefully (SIGTERM, as a rolling deploy). For each phase: what the tills
/// answered (the share accrued among customers whose grains were on the silo that stayed up), when every till was
/// accruing again, the p99 of the till's sale, and from the ledgers, lost and doubled sales.
/// </summary>
public static class FailoverScenario
{
    public const string Name = "failover";
    private const string StoreId = "F002";
    private const int Tills = 4;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    // Goals of issue 20, reported against the figures; lost and doubled are checks (they fail the run), the rest are
    // timings a shared CI machine does not fail on.
    private const double GoalSurvivorsAccrued = 0.99, GoalGracefulP99Ms = 100;
    private static readonly TimeSpan GoalEveryTillAccruing = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchContext context, string repositoryRoot)
    {
        var quick = context.Options.Quick;
        var customers = quick ? 100 : 1_000;
        var (steady, afterFault) = quick ? (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)) : (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        // Nothing here restarts the database: the server given with --postgres serves, or one of the drill's own.
        await using var server = await PostgresServer.OpenAsync(context.Options.Postgres, context.Options.PostgresPort + 2, repositoryRoot);
        Console.Error.WriteLine($"{Name}: starting two silo processes on PostgreSQL");
        await using var cluster = await FaultCluster.StartAsync(server, context.Scratch, "bench_failover");
        await SeedThroughEachSiloAsync(cluster, customers);
        var credentials = await Task.WhenAll(Enumerable.Range(1, Tills).Select(t => cluster.IssueTillCredentialAsync(StoreId, $"till-{t}")));
        await using var tills = new TillGroup(await Task.WhenAll(credentials.Select(file =>
            BenchTill.OpenAsync(file, cluster.Gateways, Path.Combine(context.Scratch, $"failover-{Path.GetFileNameWithoutExtension(file)}.db")))));
        await using var selling = new SteadyTills(tills, customers, Pace, $"{context.RunTag}-{Name}-");
        var timeline = new List<PhaseWindow>();

        selling.Start();
        Console.Error.WriteLine($"  {Name}: {Tills} tills selling {1 / Pace.TotalSeconds * Tills:F0} sales/s; warming up for {steady.TotalSeconds:F0} s");
        await Task.Delay(steady); // JIT, pools and the tills' first connections: not part of any phase
        var start = DateTimeOffset.UtcNow;
        await Task.Delay(steady);
        timeline.Add(new("steady", "both silos up", start, start, DateTimeOffset.UtcNow, _ => true));

        // Both silos saturated (the tills go on beside): a probe answered late must not make one silo suspect the other.
        var saturatedAt = DateTimeOffset.UtcNow;
        var saturation = await SaturateAsync(cluster, customers, steady, context.RunTag);
        var votesUnderLoad = (await MembershipSuspicions.ReadAsync(cluster.Database)).Sum(s => s.Votes);
        timeline.Add(new("saturated", FormattableString.Invariant(
            $"{SaturatingCalls} more concurrent sales from inside the cluster ({saturation:N0}/s); {votesUnderLoad} suspicion vote(s) in the membership table"),
            saturatedAt, saturatedAt, DateTimeOffset.UtcNow, _ => true));

        var onSecond = await OnSecondSiloAsync(cluster, customers);
        var killedGeneration = (await MembershipSuspicions.ReadAsync(cluster.Database)).Single(s => s.Port == cluster.Ports[1].Silo && s.Status == SuspectedSilo.Active).Generation;
        var killedAt = DateTimeOffset.UtcNow;
        await cluster.KillSecondSiloAsync();
        Console.Error.WriteLine($"  {Name}: the second silo SIGKILLed ({onSecond.Count(o => o)} of {customers} customers had a grain on it)");
        await Task.Delay(afterFault);
        timeline.Add(new("silo-killed", $"second silo SIGKILLed; {onSecond.Count(o => o)} of {customers} customers had a grain on it",
            killedAt, killedAt, DateTimeOffset.UtcNow, c => !onSecond[c]));

        var restartedAt = DateTimeOffset.UtcNow;
        await cluster.RestartSecondSiloAsync();
        var startTook = DateTimeOffset.UtcNow - restartedAt;
        Console.Error.WriteLine($"  {Name}: the killed silo started again ({startTook.TotalSeconds:F1} s)");
        await Task.Delay(afterFault);
        timeline.Add(new("killed-silo-restarted", FormattableString.Invariant($"started again on its ports, serving after {startTook.TotalSeconds:F1} s"),
            restartedAt, restartedAt, DateTimeOffset.UtcNow, _ => true));

        var stoppingAt = DateTimeOffset.UtcNow;
        var exitCode = await cluster.StopSecondSiloAsync();
        var stopTook = DateTimeOffset.UtcNow - stoppingAt;
        Console.Error.WriteLine($"  {Name}: the second silo stopped on SIGTERM (exit code {exitCode}, {stopTook.TotalSeconds:F1} s); starting it again");
        await cluster.RestartSecondSiloAsync();
        var againTook = DateTimeOffset.UtcNow - stoppingAt - stopTook;
        await Task.Delay(afterFault);
        timeline.Add(new("graceful-restart", FormattableString.Invariant(
            $"second silo SIGTERMed: left in {stopTook.TotalSeconds:F1} s (exit code {exitCode}), serving again {againTook.TotalSeconds:F1} s later"),
            stoppingAt, stoppingAt, DateTimeOffset.UtcNow, _ => true));

        await selling.StopAsync();
        var falseVotes = votesUnderLoad + (await MembershipSuspicions.ReadAsync(cluster.Database))
            .Where(s => !(s.Port == cluster.Ports[1].Silo && s.Generation == killedGeneration)).Sum(s => s.Votes);
        var drained = await Task.WhenAll(tills.Tills.Select(t => t.DrainedAsync(BenchTill.DrainWithin)));
        var ledger = await FaultLedger.ReadAsync(cluster.Grains, customers);
        var sales = selling.Sales;
        var phases = timeline.Select(p =>
        {
            var mine = sales.Where(s => s.RungUpAt >= p.Start && s.RungUpAt < p.End).ToList();
            return FailoverPhase.From(p.Name, p.What, mine, p.FaultAt, p.Survivors, ledger.Tally([.. mine.Select(s => s.Sale)], tills.KeptSales));
        }).ToList();

        Report(context, phases, drained.All(d => d), falseVotes);
        Console.WriteLine();
        Console.WriteLine(Table(phases));
    }

    private const int SaturatingCalls = 48;

    /// <summary>
    /// Sales from inside the cluster, <see cref="SaturatingCalls"/> at a time, for <paramref name="duration"/>: more than
    /// two cores can serve, so both silos run flat out. Returns the rate they reached.
    /// </summary>
    private static async Task<double> SaturateAsync(FaultCluster cluster, int customers, TimeSpan duration, string runTag)
    {
        var sold = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, SaturatingCalls).Select(loop => Task.Run(async () =>
        {
            var random = new Random(1000 + loop);
            for (var receipt = 0; clock.Elapsed < duration; receipt++)
            {
                var card = cluster.Grains.GetGrain<ILoyaltyCardGrain>(Shop.CardId(random.Next(customers)));
                await card.EarnAsync(Shop.Purchase(random, $"saturate-{loop}", $"{runTag}-saturate-{loop}-{receipt}"));
                Interlocked.Increment(ref sold);
            }
        })));
        return sold / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Half the customers enrolled through each silo's gateway: Orleans places a new grain on the silo the call arrives
    /// at while that silo is about as loaded as the others, so each silo is home to whole customers of its own. Through
    /// both gateways at once, a quick run put every card on one silo and every customer on the other, and no customer
    /// lived on the surviving silo alone.
    /// </summary>
    private static async Task SeedThroughEachSiloAsync(FaultCluster cluster, int customers)
    {
        for (var silo = 0; silo < 2; silo++)
        {
            await using var client = await cluster.ConnectThroughAsync(silo);
            var half = Enumerable.Range(silo * customers / 2, customers / 2 + (silo == 1 ? customers % 2 : 0));
            await Parallel.ForEachAsync(half, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (rank, _) => await Shop.EnsureCustomerAsync(client.Grains, rank));
        }
        Console.Error.WriteLine($"  {Name}: {customers:N0} customers enrolled, half through each silo");
    }

    /// <summary>For each customer, whether their card grain or customer grain is active on the second silo (the one killed).</summary>
    private static async Task<bool[]> OnSecondSiloAsync(FaultCluster cluster, int customers)
    {
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var second = cluster.Ports[1].Silo;
        var onSecond = new bool[customers];
        await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (rank, cancellation) =>
        {
            var card = await management.GetActivationAddress(cluster.Grains.GetGrain<ILoyaltyCardGrain>(Shop.CardId(rank)), cancellation);
            var customer = await management.GetActivationAddress(cluster.Grains.GetGrain<ICustomerGrain>(Shop.CustomerId(rank)), cancellation);
            onSecond[rank] = card?.Endpoint.Port == second || customer?.Endpoint.Port == second;
        });
        return onSecond;
    }

    private static void Report(BenchContext context, List<FailoverPhase> phases, bool drained, int falseVotes)
    {
        string Goal(bool met) => met ? "met" : "NOT met";
        foreach (var phase in phases)
        {
            context.Report.Add(new Figure(Name, phase.Name, Tills, phase.Sales, double.NaN, phase.Latency.P50, phase.Latency.P95, phase.Latency.P99,
                phase.Latency.Max, double.NaN, phase.Queued + phase.Other, $"{phase.Queued} queued, {phase.Other} declined; {phase.What}"));
            context.Report.Add(new Check(Name, phase.Name, "sales lost (neither in the ledger nor kept as a dead letter)", "0", $"{phase.Counts.Lost}"));
            context.Report.Add(new Check(Name, phase.Name, "extra ledger entries (sales doubled)", "0", $"{phase.Counts.Doubled}"));
        }
        context.Report.Add(new Check(Name, "all phases", "till outboxes empty afterwards", "yes", drained ? "yes" : "no"));
        context.Report.Notes.Add($"{Name}: suspicion votes against a silo that was alive (under saturation, and at the end but for the killed silo): {falseVotes} (goal 0: {Goal(falseVotes == 0)})");
        var killed = phases.Single(p => p.Name == "silo-killed");
        var graceful = phases.Single(p => p.Name == "graceful-restart");
        context.Report.Notes.Add(killed.SurvivorSales == 0
            ? $"{Name}: silo killed: no sale went to a customer whose grains were all on the surviving silo (goal ≥ 99 % accrued: not measured)"
            : FormattableString.Invariant($"{Name}: silo killed: {killed.SurvivorsAccrued} of {killed.SurvivorSales} sales to customers whose grains were on the surviving silo accrued ({killed.SurvivorsAccruedShare:P1}; goal ≥ 99 %: {Goal(killed.SurvivorsAccruedShare >= GoalSurvivorsAccrued)})"));
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{Name}: silo killed: every till accruing again {killed.EveryTillAccruingAfter.TotalSeconds:F1} s after the kill (goal ≤ 5 s: {Goal(killed.EveryTillAccruingAfter <= GoalEveryTillAccruing)})"));
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{Name}: graceful restart: {graceful.Queued} queued (goal 0: {Goal(graceful.Queued == 0)}), p99 {graceful.Latency.P99:F1} ms (goal < {GoalGracefulP99Ms} ms: {Goal(graceful.Latency.P99 < GoalGracefulP99Ms)})"));
    }

    private static string Table(List<FailoverPhase> phases)
    {
        var lines = new List<string>
        {
            "Failover: what the tills answered while a silo died, came back, and was restarted gracefully",
            $"{"phase",-22} {"sales",6} {"accrued",8} {"queued",7} {"other",6} {"survivors accrued",18} {"all tills accruing",19} {"p50 ms",7} {"p99 ms",7} {"max ms",7} {"lost",5} {"doubled",8}",
        };
        lines.AddRange(phases.Select(p => FormattableString.Invariant(
            $"{p.Name,-22} {p.Sales,6} {p.Accrued,8} {p.Queued,7} {p.Other,6} {(p.SurvivorSales == 0 ? "–" : p.SurvivorsAccruedShare.ToString("P1", CultureInfo.InvariantCulture)),18} {$"{p.EveryTillAccruingAfter.TotalSeconds:F1} s",19} {p.Latency.P50,7:F1} {p.Latency.P99,7:F1} {p.Latency.Max,7:F0} {p.Counts.Lost,5} {p.Counts.Doubled,8}")));
        lines.AddRange(phases.Select(p => $"  {p.Name}: {p.What}"));
        return string.Join('\n', lines);
    }

    private sealed record PhaseWindow(string Name, string What, DateTimeOffset Start, DateTimeOffset FaultAt, DateTimeOffset End, Func<int, bool> Survivors);
}

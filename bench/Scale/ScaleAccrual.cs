using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Reporting;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// The scale scenario's accrual at one size, measured twice.
/// <para>Over the members: sales Zipf-skewed over the whole membership, as before. The more members, the more of those
/// sales are a member's first in the run, which activates their card and account from the database: after 50,000 sales,
/// about 6 % of the next ones at 10,000 members, 22 % at 100,000 and 35 % at 1,000,000 (the Zipf sums). So its rate
/// falls with the size and keeps rising through the run at every size, and its cost per accrual says how many members
/// a run reaches more than what a sale costs.</para>
/// <para>Over as many active members at every size: the sales go to <see cref="ActiveMembers"/> members spread evenly
/// over the membership, all activated before the warm-up, Zipf-skewed as above. What differs between sizes is then
/// mostly the data the sales write into (tables, indexes and the pages a checkpoint makes PostgreSQL write whole), which
/// is what the goal "cost per accrual within 20 % across sizes" asks about (what the first measurement activated is
/// collected before); a first activation's own cost is timed apart (the cold swipes).</para>
/// </summary>
public static class ScaleAccrual
{
    public const int ActiveMembers = 10_000;

    /// <summary>Runs per measurement; the median one by rate is reported, with all of them in its note.</summary>
    private const int Runs = 3;

    public static async Task RunAsync(BenchContext context, ScaleSite site, int members)
    {
        var (grains, cpu, target, size) = (site.Cluster!.Grains, site.Cpu!, site.Target, site.Size);
        var zipf = new Zipf(members, context.Options.ZipfExponent);
        await MeasureAsync(context, grains, cpu, target, $"{size}-all", $"{PostgresScaleScenario.Name}-accrual",
            "one checkout per sale, Zipf over the members", random => zipf.Next(random));

        // Member ranks spread over the whole membership (every one of them at sizes up to ActiveMembers); a tenth in --quick,
        // where activating 10,000 took 21 s of CI's time.
        var count = Math.Min(context.Options.Quick ? ActiveMembers / 10 : ActiveMembers, members);
        // What the first measurement activated goes first (tens of thousands of members at 1 M, a few thousand at 10 k), so
        // the silos hold the same members at every size.
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var active = site.ActiveMembers = [.. Enumerable.Range(0, count).Select(i => (int)((long)i * members / count))];
        var activated = await ActivateAsync(grains, active);
        await MeasureAsync(context, grains, cpu, target, $"{size}-active", $"{PostgresScaleScenario.Name}-accrual-active",
            FormattableString.Invariant($"one checkout per sale, Zipf over {active.Length:N0} members spread over the membership, activated first ({activated.TotalSeconds:F1} s)"),
            PickActive(site, context.Options.ZipfExponent));
    }

    /// <summary>Picks one of the site's active members per sale, Zipf-skewed by their order.</summary>
    public static Func<Random, int> PickActive(ScaleSite site, double zipfExponent)
    {
        var active = site.ActiveMembers;
        var zipf = new Zipf(active.Length, zipfExponent);
        return random => active[zipf.Next(random)];
    }

    /// <summary>
    /// Activates each member's card and account (a call each), so the sales after it find them in memory. A call the silo
    /// answers with "the database is unavailable, retry" is retried, as a till would, up to twice a second apart: a
    /// fresh-clone CI once failed the whole scenario on one such answer while 64 activations read at once (2026-12-08;
    /// cause not found). The retries are printed, so they are not hidden.
    /// </summary>
    public static async Task<TimeSpan> ActivateAsync(IGrainFactory grains, IReadOnlyList<int> members)
    {
        var clock = Stopwatch.StartNew();
        var retries = 0;
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (rank, cancel) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await grains.GetGrain<ILoyaltyCardGrain>(Shop.CardId(rank)).GetAsync();
                    await grains.GetGrain<ICustomerSummaryGrain>(Shop.CustomerId(rank)).GetAsync();
                    return;
                }
                catch (Exception e) when (attempt < 3 && Unreachable.IsStoreUnavailable(e))
                {
                    Interlocked.Increment(ref retries);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancel);
                }
            }
        });
        if (retries > 0)
        {
            Console.Error.WriteLine($"  activating {members.Count:N0} members: {retries} calls answered \"database unavailable\" and retried");
        }
        return clock.Elapsed;
    }

    private static async Task MeasureAsync(BenchContext context, IGrainFactory grains, CpuMeter cpu, string target, string tag, string figure, string description, Func<Random, int> member)
    {
        var runner = new LoadRunner(cpu);
        var salesOf = SalesOf(context, grains, tag, member);
        var label = $"{figure} {target}";
        var warmup = await WarmUpAsync(context, runner, label, salesOf);
        var runs = new List<LoadResult>();
        for (var run = 1; run <= Runs; run++)
        {
            runs.Add(await runner.RunAsync($"{label} #{run}", context.Options.Terminals, TimeSpan.Zero, context.Options.Duration, salesOf($"run{run}")));
        }
        var median = runs.OrderBy(r => r.Throughput).ElementAt(runs.Count / 2);
        context.Report.Add(Figure.From(figure, target, median, FormattableString.Invariant(
            $"{description}; {warmup}, then the median of {runs.Count} runs by rate: ") +
            $"rates {Rates(runs.Select(r => r.Throughput))}/s, CPU {Rates(runs.Select(r => r.CpuMicrosecondsPerOperation))} µs per accrual ({cpu.Counts})"));
    }

    /// <summary>Sales to <paramref name="member"/>'s picks, through a till of its own per run (each run's terminals number their receipts from the start again).</summary>
    public static Func<string, Func<SimulatedTerminal, Task<bool>>> SalesOf(BenchContext context, IGrainFactory grains, string tag, Func<Random, int> member) =>
        run =>
        {
            var till = new Till(grains, $"{context.RunTag}-scale{tag}-{run}");
            return terminal => till.AccrueAsync(terminal, member(terminal.Random));
        };

    /// <summary>
    /// The rate rises for tens of seconds after two 1-second windows agree (the silos' code reaching its optimised tier,
    /// members activating), so measurements come after a warm-up of 5-second windows, at least 30 s, until two agree.
    /// Returns what the warm-up did, for the figure's note.
    /// </summary>
    public static async Task<string> WarmUpAsync(BenchContext context, LoadRunner runner, string label, Func<string, Func<SimulatedTerminal, Task<bool>>> salesOf)
    {
        var (window, minimum, cap) = context.Options.Quick
            ? (TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(5))
            : (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120));
        var (warmup, settled) = await SettledWarmup.RunAsync(runner, label, context.Options.Terminals, cap, "warm", salesOf, window, minimum);
        return FormattableString.Invariant($"warm-up {warmup.Count} × {window.TotalSeconds} s at {Rates(warmup)}/s{(settled ? "" : " (not settled at the cap)")}");
    }

    internal static string Rates(IEnumerable<double> values) =>
        string.Join(", ", values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)));
}

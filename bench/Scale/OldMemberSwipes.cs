using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Reporting;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// The first swipes of members with 500 past purchases (issue 14: p50 under 10 ms), one till, one after the other: first
/// with no account snapshot (the whole ledger is read, and the swipe's commit writes the snapshot), then, once every
/// activation is collected, from that snapshot and the ledger tail since, as a long-standing customer is loaded on any
/// later day.
/// </summary>
/// <remarks>
/// A silo in service has run this load many times. One that has not runs it as the runtime's first, quickly compiled
/// code, and compiles each method again after about 30 calls, instrumented, and after about 30 more, optimised, on
/// threads of its own: in runs of 20 and 100 swipes on fresh silos those threads took 40-90 % of a core in each silo for
/// seconds, and swipes took 12-30 ms in those stretches against about 5 ms outside them. So the members are split. The
/// first <see cref="WarmUpMembers"/> of each phase are swiped first and reported on rows of their own (fresh silos);
/// from the snapshot they are swiped <see cref="WarmUpRounds"/> times, with every activation collected before each
/// round; the scenario then waits for the silos to stop compiling (<see cref="Swipes.SettleAsync"/>) and measures the
/// rest (silos as in service). What the silos compiled meanwhile is in each row's note: rounds do not bring it to
/// nothing (eight rounds at 10,000 members each compiled 430-2,030 methods a silo again), and a median of 20 swipes
/// that met a burst of it read 12.6 ms where the other passes read 4-6 (docs/performance.md, "The swipe from a snapshot
/// on silos in service").
/// </remarks>
internal static class OldMemberSwipes
{
    /// <summary>About 50 a silo: the load's methods pass the runtime's first recompiling threshold (about 30 calls) in one round.</summary>
    private const int WarmUpMembers = 100;

    /// <summary>Rounds of the warm-up members' loads from a snapshot: past the second threshold (about 60 calls a silo) with room to spare.</summary>
    private const int WarmUpRounds = 4;

    /// <summary>How long the silos may take to finish compiling what the warm-up queued, before the measured swipes.</summary>
    private static readonly TimeSpan MostSettling = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Members with 500 purchases a scale database of <paramref name="size"/> members needs: the warm-up's, and one in 5,000
    /// members measured, at least 100 (a median of 20 moved by half when a few of them met a burst of compiling) and at
    /// most 200.
    /// </summary>
    public static int OldMembers(int size) => WarmUpMembers + Math.Clamp(size / 5000, 100, 200);

    private const string FirstSwipe = "first swipe (checkout) of each member with 500 past purchases, sequential; no account snapshot yet "
        + "(the seeder writes none, like a database from before snapshots): the whole ledger is read";

    private const string FromSnapshot = "the same members' next swipe after every activation was collected: loaded from the account "
        + "snapshot their first swipe wrote, and the ledger tail since";

    public static async Task RunAsync(BenchContext context, SiloClient cluster, IReadOnlyList<BackOfficeCalls> silos, PurchaseHistory history, string target)
    {
        var warmUp = history.OldRanks.Take(WarmUpMembers).ToList();
        var measured = history.OldRanks.Skip(WarmUpMembers).ToList();
        var swipes = new Swipes(cluster, silos, target);
        var tag = $"{context.RunTag}-old";

        var fresh = await swipes.RunAsync(warmUp, $"{tag}-warm");
        context.Report.Add(fresh.Figure($"{FirstSwipe}; the first {warmUp.Count} members, on silos that had not run this path since they started"));
        var first = await swipes.RunAsync(measured, tag);
        context.Report.Add(first.Figure($"{FirstSwipe}; the members after those {warmUp.Count}"));

        for (var round = 1; round <= WarmUpRounds; round++)
        {
            await CollectEveryActivationAsync(cluster);
            var warming = await swipes.RunAsync(warmUp, $"{tag}-again-warm{round}");
            if (round == 1)
            {
                context.Report.Add(warming.Figure($"{FromSnapshot}; the first {warmUp.Count} members, the silos' first loads from a snapshot since they started"));
            }
        }
        await CollectEveryActivationAsync(cluster);
        var (waited, settled) = await swipes.SettleAsync(MostSettling);
        var again = await swipes.RunAsync(measured, $"{tag}-again");
        var wait = FormattableString.Invariant($"{waited.TotalSeconds:F1} s ") + (settled ? "for the silos to finish compiling" : "in which the silos did not finish compiling (not settled at the cap)");
        context.Report.Add(again.Figure(FormattableString.Invariant(
            $"{FromSnapshot}; after {WarmUpRounds} rounds of the first {warmUp.Count} members' loads from a snapshot and {wait} (silos as in service)")));
    }

    private static Task CollectEveryActivationAsync(SiloClient cluster) =>
        cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private sealed class Swipes(SiloClient cluster, IReadOnlyList<BackOfficeCalls> silos, string target)
    {
        public async Task<Result> RunAsync(IReadOnlyList<int> ranks, string tag)
        {
            // A till of its own per call (receipts named by the tag): each member's receipt is new.
            var till = new Till(cluster.Grains, tag);
            var terminal = new SimulatedTerminal(1, 1);
            var samples = new List<long>();
            var errors = 0;
            var compiledBefore = await CompilationAsync();
            foreach (var rank in ranks)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await till.AccrueAsync(terminal, rank))
                {
                    errors++;
                }
                samples.Add(Stopwatch.GetTimestamp() - started);
                terminal.Sequence++;
            }
            var compiling = await CompilationAsync() - compiledBefore;
            // In order, so a reader sees whether the silos were still warming up.
            Console.Error.WriteLine(FormattableString.Invariant($"  {target}: {tag}, {ranks.Count} swipes, silos compiling {compiling.TotalMilliseconds:N0} ms, in order (ms): ")
                + string.Join(' ', samples.Select(s => (s * 1000.0 / Stopwatch.Frequency).ToString("F1", CultureInfo.InvariantCulture))));
            return new Result(target, Latencies.From(samples), samples.Count, errors, compiling);
        }

        /// <summary>
        /// Waits until half a second passes with the silos compiling under 10 ms, at most <paramref name="most"/>: what the
        /// warm-up queued is done. Answers how long it waited and whether that happened.
        /// </summary>
        public async Task<(TimeSpan Waited, bool Settled)> SettleAsync(TimeSpan most)
        {
            var clock = Stopwatch.StartNew();
            var compiled = await CompilationAsync();
            while (clock.Elapsed < most)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                var now = await CompilationAsync();
                if (now - compiled < TimeSpan.FromMilliseconds(10))
                {
                    return (clock.Elapsed, true);
                }
                compiled = now;
            }
            return (clock.Elapsed, false);
        }

        private async Task<TimeSpan> CompilationAsync()
        {
            var total = 0.0;
            foreach (var silo in silos)
            {
                total += (await silo.RuntimeAsync()).JitCompilationMilliseconds;
            }
            return TimeSpan.FromMilliseconds(total);
        }
    }

    private sealed record Result(string Target, Latencies Latency, int Count, int Errors, TimeSpan Compiling)
    {
        public Figure Figure(string note) => new($"{PostgresScaleScenario.Name}-cold-old", Target, 1, Count, double.NaN, Latency.P50, Latency.P95, Latency.P99,
            Latency.Max, double.NaN, Errors, FormattableString.Invariant($"{note}; the silos compiled code for {Compiling.TotalMilliseconds:N0} ms meanwhile"));
    }
}

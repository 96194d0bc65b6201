using Npgsql;
using RetentionActors.Bench.Baselines;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Postgres;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// The headline ratios measured so that they hold from run to run (issue 15): ours (PostgreSQL, one silo) and the
/// baselines take turns, <see cref="Rounds"/> rounds of ours, plain-sql, plain-sql-1rt, pgbench -N; every measured
/// window comes after a <c>CHECKPOINT</c> and a warm-up until the rate has settled (<see cref="SettledWarmup"/>).
/// Each ratio pairs ours and the baseline of the same round and is reported as the median, min–max and spread.
/// </summary>
public static class AlternatingBaselines
{
    public const string Name = "alternating";

    public const int Rounds = 3;

    public static async Task RunAsync(BenchContext context, PostgresServer server, string orleansDatabase)
    {
        var options = context.Options;
        var cap = TimeSpan.FromSeconds(options.Quick ? 5 : 15);
        var backend = Backend.PostgreSql(orleansDatabase, 1);
        // A cluster id of its own, so it does not wait on the membership of the accrual scenario's cluster.
        await using var cluster = await BenchCluster.StartAsync(backend, $"bench-{backend.Name}-alternating");
        await Seeder.SeedAsync(cluster.Grains, options.Customers, backend.Name);
        var plain = new PlainSqlBaseline(await server.CreateDatabaseAsync("bench_alt_plain"));
        var oneTrip = new PlainSqlOneRoundTrip(await server.CreateDatabaseAsync("bench_alt_plain_1rt"));
        var pgbench = await server.CreateDatabaseAsync("bench_alt_pgbench");
        try
        {
            await plain.SeedAsync(options.Customers);
            await oneTrip.SeedAsync(options.Customers);
            await PgBench.InitialiseAsync(server.BinFolder, pgbench, options.Quick ? 1 : 10);
            var (plainBefore, oneTripBefore) = (await plain.TotalBalanceAsync(), await oneTrip.TotalBalanceAsync());

            var rates = new Dictionary<string, List<double>> { ["ours"] = [], ["plain-sql"] = [], ["plain-sql-1rt"] = [], ["pgbench -N"] = [] };
            for (var round = 1; round <= Rounds; round++)
            {
                var tag = $"{context.RunTag}-alt{round}";
                rates["ours"].Add(await MeasureAsync(context, server, $"pg-1silo #{round}", cap, $"{tag}-ours", runTag =>
                {
                    var till = new Till(cluster.Grains, runTag);
                    return terminal => till.AccrueAsync(terminal, context.Zipf.Next(terminal.Random));
                }));
                rates["plain-sql"].Add(await MeasureAsync(context, server, $"plain-sql #{round}", cap, $"{tag}-plain",
                    runTag => terminal => plain.AccrueAsync(terminal, context.Zipf.Next(terminal.Random), runTag)));
                rates["plain-sql-1rt"].Add(await MeasureAsync(context, server, $"plain-sql-1rt #{round}", cap, $"{tag}-1rt",
                    runTag => terminal => oneTrip.AccrueAsync(terminal, context.Zipf.Next(terminal.Random), runTag)));
                rates["pgbench -N"].Add(await PgBenchAsync(context, server, pgbench, round));
            }

            Headline(context, "accrual/plain-sql", rates["ours"], rates["plain-sql"], "PostgreSQL, 1 silo vs plain Npgsql; goal ≥ 3");
            Headline(context, "accrual/plain-sql-1rt", rates["ours"], rates["plain-sql-1rt"], "PostgreSQL, 1 silo vs Npgsql with one round trip per purchase; goal ≥ 3");
            Headline(context, "accrual/pgbench", rates["ours"], rates["pgbench -N"], "PostgreSQL, 1 silo vs pgbench -N TPS; goal ≥ 2");
            context.Report.Add(new Check(Name, "plain-sql", "sum of balances moved by the points granted",
                plain.PointsEarned.ToString(CultureInfo.InvariantCulture), (await plain.TotalBalanceAsync() - plainBefore).ToString(CultureInfo.InvariantCulture)));
            context.Report.Add(new Check(Name, "plain-sql-1rt", "sum of balances moved by the points granted",
                oneTrip.PointsEarned.ToString(CultureInfo.InvariantCulture), (await oneTrip.TotalBalanceAsync() - oneTripBefore).ToString(CultureInfo.InvariantCulture)));
        }
        finally
        {
            await plain.CloseAsync();
            await oneTrip.CloseAsync();
        }
    }

    // CHECKPOINT, warm-up until settled, then the measured window: its operations per second.
    private static async Task<double> MeasureAsync(BenchContext context, PostgresServer server, string label, TimeSpan cap, string tag,
        Func<string, Func<SimulatedTerminal, Task<bool>>> operationFor)
    {
        var options = context.Options;
        var checkpoint = await CheckpointAsync(server);
        var (warmup, settled) = await SettledWarmup.RunAsync(context.Runner, label, options.Terminals, cap, tag, operationFor);
        var result = await context.Runner.RunAsync(label, options.Terminals, TimeSpan.Zero, options.Duration, operationFor($"{tag}-m"));
        context.Report.Add(Figure.From(Name, label, result, FormattableString.Invariant(
            $"{checkpoint}; warm-up {warmup.Count} s ({string.Join(", ", warmup.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}/s){(settled ? "" : ", not settled at the cap")}")));
        return result.Throughput;
    }

    // pgbench measures its own window; its warm-up is a run of the same kind, discarded (it reports no 1-s rates here).
    private static async Task<double> PgBenchAsync(BenchContext context, PostgresServer server, string database, int round)
    {
        var options = context.Options;
        var checkpoint = await CheckpointAsync(server);
        await PgBench.RunAsync(server.BinFolder, database, options.Terminals, options.Quick ? 1 : 3);
        var outcome = await PgBench.RunAsync(server.BinFolder, database, options.Terminals, (int)Math.Ceiling(options.Seconds));
        context.Report.Add(new Figure(Name, $"pgbench -N #{round}", options.Terminals, outcome.Transactions, outcome.Tps, double.NaN, double.NaN, double.NaN, double.NaN,
            double.NaN, outcome.Failed, FormattableString.Invariant($"{checkpoint}; warm-up: a discarded {(options.Quick ? 1 : 3)} s run; mean latency {outcome.MeanLatencyMs:F2} ms")));
        return outcome.Tps;
    }

    internal static async Task<string> CheckpointAsync(PostgresServer server)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CHECKPOINT", connection);
            await command.ExecuteNonQueryAsync();
            return "after CHECKPOINT";
        }
        catch (PostgresException e)
        {
            // A role without the right to checkpoint (a --postgres of someone else's): measured all the same, and said so.
            return $"no CHECKPOINT ({e.SqlState}: {e.MessageText})";
        }
    }

    private static void Headline(BenchContext context, string name, IReadOnlyList<double> ours, IReadOnlyList<double> theirs, string explanation)
    {
        var spread = new RatioSpread([.. ours.Zip(theirs, (o, t) => o / t)]);
        context.Report.Ratios[name] = spread.Median;
        context.Report.RatioExplanations[name] = FormattableString.Invariant(
            $"{spread.Describe()}; ours {string.Join(", ", ours.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} / theirs {string.Join(", ", theirs.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} per second; {explanation}");
    }
}

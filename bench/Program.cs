using RetentionActors.Bench;
using RetentionActors.Bench.Baselines;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Postgres;
using RetentionActors.Bench.Reporting;
using RetentionActors.Bench.Scale;
using RetentionActors.Bench.Scenarios;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// Measured: with the default minimum (one thread per core) a cold silo answering 64 first calls at once
// stalls for about 30 s until the pool has grown (thread-pool starvation somewhere below the grains);
// with 64 threads from the start it does not. Recorded in the report so the figures say what they ran with.
const int MinimumThreads = 64;
ThreadPool.GetMinThreads(out var defaultWorkers, out var defaultIo);
ThreadPool.SetMinThreads(Math.Max(defaultWorkers, MinimumThreads), Math.Max(defaultIo, MinimumThreads));

var root = RepositoryRoot();
var needsPostgres = options.UsesBackend("pg") && (options.Runs("accrual") || options.Runs("baselines") || options.Runs("hot") || options.Runs("retry") || options.Runs("sweep") || options.Runs("scale") || options.Runs("cpu"));
await using var postgres = needsPostgres ? await PostgresServer.OpenAsync(options.Postgres, options.PostgresPort, root) : null;
var scratch = Directory.CreateTempSubdirectory("retention-bench-").FullName;
var report = new Report(await RunInfo.CollectAsync(root, args, postgres?.Description ?? "not used"), options.Describe());
var context = new BenchContext(options, report, new CpuMeter(postgres?.PostmasterPid), scratch);
var clock = Stopwatch.StartNew();
report.Notes.Add(FormattableString.Invariant($"thread pool minimum raised from {defaultWorkers} to {MinimumThreads} worker threads (see docs/performance.md: cold-start starvation)"));

var failures = new List<string>();
try
{
    if (options.UsesBackend("sqlite"))
    {
        await PhaseAsync("sqlite grain scenarios", () => GrainScenariosAsync(Backend.Sqlite(Path.Combine(scratch, "embedded"))));
        if (options.Runs("baselines"))
        {
            await PhaseAsync("sqlite commit loop", async () =>
            {
                var loop = await SqliteCommitLoop.RunAsync(context.Runner, Path.Combine(scratch, "commit-loop"), options.Warmup, options.Duration);
                report.Add(Figure.From("baseline", "sqlite insert-per-commit", loop, "one writer, WAL, synchronous=FULL"));
            });
        }
    }
    if (postgres is not null)
    {
        var orleans = await postgres.CreateDatabaseAsync("bench_orleans");
        await PhaseAsync("pg 1 silo", () => GrainScenariosAsync(Backend.PostgreSql(orleans, 1)));
        // The same database and customers, now spread over two silos (a new cluster id, so no waiting on the first one's membership).
        await PhaseAsync("pg 2 silos", () => GrainScenariosAsync(Backend.PostgreSql(orleans, 2)));
        if (options.Runs("baselines"))
        {
            await PhaseAsync("plain sql", () => PlainSqlAsync(postgres, "plain-sql", "bench_plain", connection => new PlainSqlBaseline(connection),
                "Npgsql, one transaction per purchase"));
            await PhaseAsync("plain sql, one round trip", () => PlainSqlAsync(postgres, "plain-sql-1rt", "bench_plain_1rt", connection => new PlainSqlOneRoundTrip(connection),
                "Npgsql, card look-up + one prepared statement per purchase"));
            await PhaseAsync("pgbench", () => PgBenchAsync(postgres));
            // The headline ratios come from here: alternating runs, each after a CHECKPOINT and a settled warm-up.
            await PhaseAsync("alternating runs", () => AlternatingBaselines.RunAsync(context, postgres, orleans));
        }
        if (options.Runs("cpu"))
        {
            await PhaseAsync("cpu per component", () => CpuScenario.RunAsync(context, postgres, orleans));
        }
    }
    // The embedded store's scale run stays out of `all --quick`: CI's quick run measures the PostgreSQL one only.
    if (options.Runs("scale") && options.UsesBackend("sqlite") && !(options.Quick && options.Scenario == "all"))
    {
        await PhaseAsync("scale", () => ScaleScenario.RunAsync(context));
    }
    if (options.Runs("scale") && postgres is not null)
    {
        await PhaseAsync("scale (pg)", () => PostgresScaleScenario.RunAsync(context, postgres));
    }
    if (options.Runs("faults"))
    {
        await PhaseAsync("faults", () => FaultsScenario.RunAsync(context, root));
    }
    if (options.Runs("failover"))
    {
        await PhaseAsync("failover", () => FailoverScenario.RunAsync(context, root));
    }
    if (options.Runs("soak"))
    {
        await PhaseAsync("soak", () => SoakScenario.RunAsync(context));
    }
    if (options.Runs("micro"))
    {
        await PhaseAsync("micro", () =>
        {
            MicroScenario.Run(context);
            return Task.CompletedTask;
        });
    }
    Ratios();
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

var table = ResultTable.Render(report);
Console.WriteLine();
Console.WriteLine(table);
var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
var json = Path.Combine(options.Output, $"bench-{stamp}.json");
await JsonReport.WriteAsync(report, json);
File.Copy(json, Path.Combine(options.Output, "latest.json"), overwrite: true);
await File.WriteAllTextAsync(Path.Combine(options.Output, "latest.md"), table);
var sweep = report.Figures.Where(f => f.Scenario == SweepScenario.Name).ToList();
if (sweep.Count > 0)
{
    await File.WriteAllTextAsync(Path.Combine(options.Output, "sweep.svg"),
        SvgChart.Render(sweep, $"Accrual (one checkout call per sale), {report.Run.Cores} cores, commit {report.Run.Commit}"));
}
Console.WriteLine($"Figures written to {json} (and latest.json, latest.md{(sweep.Count > 0 ? ", sweep.svg" : "")}) after {clock.Elapsed.TotalSeconds:F0} s.");
if (report.Figures.Count == 0 && report.Checks.Count == 0)
{
    Console.Error.WriteLine("No figures were produced.");
    return 1;
}
return report.Checks.All(c => c.Passed) && failures.Count == 0 ? 0 : 1;

// A phase that throws is reported and fails the run, but the figures of the others are still printed and written.
async Task PhaseAsync(string name, Func<Task> phase)
{
    try
    {
        await phase();
    }
    catch (Exception exception)
    {
        failures.Add(name);
        // Where it was thrown, too: only the notes reach the end of a CI log.
        report.Notes.Add($"FAILED {name}: {exception.GetType().Name}: {exception.Message}{FirstFramesOfOurs(exception)}");
        Console.Error.WriteLine($"{name} failed: {exception}");
    }
}

// The first three stack frames in our code (for an error from a silo, Orleans keeps the silo's frames), or "".
static string FirstFramesOfOurs(Exception exception)
{
    var frames = (exception.StackTrace ?? "").Split('\n').Select(f => f.Trim()).Where(f => f.Contains("RetentionActors.", StringComparison.Ordinal)).Take(3).ToList();
    return frames.Count == 0 ? "" : " (" + string.Join(" ← ", frames) + ")";
}

async Task GrainScenariosAsync(Backend backend)
{
    // baselines needs our accrual for its ratio lines; the drain replays against the embedded store only.
    var drain = options.Runs("drain") && !backend.IsPostgres;
    if (!(options.Runs("accrual") || options.Runs("baselines") || options.Runs("hot") || options.Runs("retry") || options.Runs("sweep") || drain))
    {
        return;
    }
    Console.Error.WriteLine($"{backend.Name}: starting {backend.Silos} silo(s)");
    await using var cluster = await BenchCluster.StartAsync(backend, $"bench-{backend.Name}");
    var rate = await Seeder.SeedAsync(cluster.Grains, options.Customers, backend.Name);
    report.Notes.Add(FormattableString.Invariant($"{backend.Name}: {options.Customers:N0} customers enrolled and carded (or found so) through the grains at {rate:N0}/s"));
    if (options.Runs("accrual") || options.Runs("baselines"))
    {
        await AccrualScenario.RunAsync(context, cluster, backend, options.Terminals);
    }
    if (options.Runs("hot"))
    {
        await HotCustomerScenario.RunAsync(context, cluster, backend);
    }
    if (options.Runs("retry"))
    {
        await RetryStormScenario.RunAsync(context, cluster, backend);
    }
    if (drain)
    {
        await DrainScenario.RunAsync(context, cluster, backend);
    }
    // The chart's sweep runs on one silo per store; two silos are measured at the headline concurrency only.
    if (options.Runs("sweep") && backend.Silos == 1)
    {
        await SweepScenario.RunAsync(context, cluster, backend);
    }
}

async Task PlainSqlAsync(PostgresServer server, string name, string databaseName, Func<string, PlainSqlService> service, string description)
{
    var plainDatabase = await server.CreateDatabaseAsync(databaseName);
    var baseline = service(plainDatabase);
    try
    {
        await baseline.SeedAsync(options.Customers);
        var before = await baseline.TotalBalanceAsync();
        var countersBefore = await CommitCounters.ReadAsync(plainDatabase);
        var result = await context.Runner.RunAsync(name, options.Terminals, options.Warmup, options.Duration,
            terminal => baseline.AccrueAsync(terminal, context.Zipf.Next(terminal.Random), context.RunTag));
        report.Notes.Add($"{name} ×{options.Terminals}: {countersBefore.Describe(await CommitCounters.ReadAsync(plainDatabase), baseline.Accruals)} (a read outside a transaction counts as a commit too)");
        report.Add(Figure.From("baseline", name, result, description));
        report.Add(new Check("baseline", name, "sum of balances moved by the points granted",
            baseline.PointsEarned.ToString(CultureInfo.InvariantCulture), (await baseline.TotalBalanceAsync() - before).ToString(CultureInfo.InvariantCulture)));
    }
    finally
    {
        await baseline.CloseAsync();
    }
}

async Task PgBenchAsync(PostgresServer server)
{
    var database = await server.CreateDatabaseAsync("bench_pgbench");
    Console.Error.WriteLine("  pgbench: initialising");
    await PgBench.InitialiseAsync(server.BinFolder, database, options.Quick ? 1 : 10);
    var countersBefore = await CommitCounters.ReadAsync(database);
    var cpuBefore = context.Cpu.Now();
    Console.Error.WriteLine($"  pgbench -N: {options.Terminals} clients for {options.Seconds:F0} s");
    var outcome = await PgBench.RunAsync(server.BinFolder, database, options.Terminals, (int)Math.Ceiling(options.Seconds));
    var cpu = (context.Cpu.Now() - cpuBefore).TotalMicroseconds / Math.Max(1, outcome.Transactions);
    report.Notes.Add($"pgbench -N ×{options.Terminals}: {countersBefore.Describe(await CommitCounters.ReadAsync(database), outcome.Transactions)}");
    report.Add(new Figure("baseline", "pgbench -N", options.Terminals, outcome.Transactions, outcome.Tps, double.NaN, double.NaN, double.NaN, double.NaN,
        cpu, outcome.Failed, FormattableString.Invariant($"mean latency {outcome.MeanLatencyMs:F2} ms; {outcome.Command}")));
}

void Ratios()
{
    var accrual = report.Find(AccrualScenario.Name, "pg-1silo", options.Terminals);
    var twoSilos = report.Find(AccrualScenario.Name, "pg-2silo", options.Terminals);
    var plain = report.Find("baseline", "plain-sql");
    var plainOneTrip = report.Find("baseline", "plain-sql-1rt");
    var pgbench = report.Find("baseline", "pgbench -N");
    var embedded = report.Find(AccrualScenario.Name, "sqlite-1silo", options.Terminals);
    var loop = report.Find("baseline", "sqlite insert-per-commit");
    void Ratio(string name, Figure? ours, Figure? theirs, string explanation)
    {
        // A ratio the alternating runs measured stands; one run of each is the fallback.
        if (ours is not null && theirs is not null && !report.Ratios.ContainsKey(name))
        {
            report.Ratios[name] = ours.Throughput / theirs.Throughput;
            report.RatioExplanations[name] = FormattableString.Invariant($"{ours.Throughput:N0} / {theirs.Throughput:N0} per second; {explanation}");
        }
    }
    Ratio("accrual/plain-sql", accrual, plain, $"PostgreSQL, 1 silo vs plain Npgsql, {options.Terminals} terminals each; goal ≥ 3");
    Ratio("accrual/plain-sql-1rt", accrual, plainOneTrip, $"PostgreSQL, 1 silo vs Npgsql with one round trip per purchase, {options.Terminals} terminals each; goal ≥ 3");
    Ratio("accrual/pgbench", accrual, pgbench, $"PostgreSQL, 1 silo vs pgbench -N TPS, {options.Terminals} clients; goal ≥ 2");
    Ratio("accrual(2 silos)/plain-sql", twoSilos, plain, "the same with two silos");
    Ratio("accrual(sqlite)/sqlite-commit-loop", embedded, loop, "embedded store vs one insert per commit");
}

static string RepositoryRoot()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RetentionActors.sln")))
            {
                return folder.FullName;
            }
        }
    }
    throw new InvalidOperationException("Run the bench from inside the RetentionActors repository.");
}

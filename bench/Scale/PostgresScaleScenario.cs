using System.Security.Cryptography;
using Npgsql;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Postgres;
using RetentionActors.Bench.Reporting;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// The chain-scale scenario on PostgreSQL (issue 14, part 6). Per size: bulk-seed members with cards and purchase
/// history (<see cref="PostgresBulkSeeder"/>, checked first against the grains by <see cref="PostgresSeedEquivalence"/>),
/// start a real silo process on it and time it to its first till served, start a second, then time every back-office
/// endpoint over HTTP (median of a few calls, min–max), the cold first swipe of the customers with 500 purchases (<see cref="OldMemberSwipes"/>), warm
/// accrual over the population, and the silos' resident memory before and after. Then, with every size's silos still
/// running, the sizes take turns at the accrual (<see cref="AccrualAcrossSizes"/>).
/// </summary>
public static class PostgresScaleScenario
{
    public const string Name = "scale-pg";
    private const int EquivalenceCustomers = 6;
    private const int EquivalenceOldPurchases = 30;

    public static async Task RunAsync(BenchContext context, PostgresServer server)
    {
        var (throughGrains, bulk, difference) = await PostgresSeedEquivalence.CompareAsync(server, EquivalenceCustomers, EquivalenceOldPurchases);
        context.Report.Add(new Check(Name, "bulk seeding (pg)",
            $"rows of {EquivalenceCustomers} customers with their purchases seeded in bulk = rows the grains write (times, dates, event ids masked)",
            $"{throughGrains} rows, no difference", $"{bulk} rows, {difference ?? "no difference"}"));
        foreach (var name in new[] { "bench_seed_grains", "bench_seed_bulk" })
        {
            await server.DropDatabaseAsync(name);
        }

        // Each size's silos keep running after its figures, so the accrual can then be measured at every size in turn.
        var poolPerSilo = await PoolPerSiloAsync(context, server);
        var sites = new List<ScaleSite>();
        try
        {
            foreach (var size in context.Options.ScaleSizes)
            {
                var site = new ScaleSite(server, size, $"bench_scale_{size}");
                sites.Add(site);
                await RunSizeAsync(context, server, site, poolPerSilo);
            }
            await AccrualAcrossSizes.RunAsync(context, server, sites);
        }
        finally
        {
            await StopAllAsync(sites);
        }
    }

    // Every site is stopped even when one fails to: its silos would otherwise outlive the benchmark.
    private static async Task StopAllAsync(IEnumerable<ScaleSite> sites)
    {
        var failures = new List<Exception>();
        foreach (var site in sites)
        {
            try
            {
                await site.DisposeAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        if (failures.Count > 0)
        {
            throw new AggregateException("Stopping the scale sites failed.", failures);
        }
    }

    /// <summary>
    /// The connection pool of each silo: every size's two silos stay up to the end, and their pools together must fit the
    /// server's <c>max_connections</c> with room for the bench's own connections. With 100 each (the bench's default),
    /// two sizes' silos could ask for 400 of CI's 300: the inferred cause of one CI run's failure, the store unavailable
    /// while re-activating members before the sizes' turns (the server's log, which would say, was gone). A silo at 32
    /// tills uses fewer than 40.
    /// </summary>
    private static async Task<int> PoolPerSiloAsync(BenchContext context, PostgresServer server)
    {
        const int ReservedForTheBench = 50;
        var maxConnections = await server.MaxConnectionsAsync();
        var silos = 2 * context.Options.ScaleSizes.Length;
        var pool = Math.Min(100, (maxConnections - ReservedForTheBench) / silos);
        if (pool < 40)
        {
            throw new InvalidOperationException(
                $"PostgreSQL's max_connections ({maxConnections}) leaves {pool} connections for each of {silos} silos (at least 40 needed); run fewer sizes or raise max_connections.");
        }
        context.Report.Notes.Add($"scale: each silo's connection pool holds at most {pool} (max_connections {maxConnections}, {silos} silos up together, {ReservedForTheBench} kept for the bench)");
        return pool;
    }

    private static async Task RunSizeAsync(BenchContext context, PostgresServer server, ScaleSite site, int poolPerSilo)
    {
        var (size, target, databaseName) = (site.Size, site.Target, site.DatabaseName);
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync(databaseName)) { MaxPoolSize = poolPerSilo }.ConnectionString;
        var history = new PurchaseHistory(size, OldMemberSwipes.OldMembers(size), DateTimeOffset.UtcNow);
        var clock = Stopwatch.StartNew();
        var rate = await PostgresBulkSeeder.SeedAsync(database, history, target);
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{target}: seeded in bulk with COPY in {clock.Elapsed.TotalSeconds:F0} s ({rate:N0} members/s): {history.LedgerRows:N0} ledger rows, {history.OldCustomerCount} members with {PurchaseHistory.OldPurchases} purchases"));

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        // Counting ahead off: the endpoints' first calls below are timed with nothing kept, and no background count may run
        // beside the timings; CountAheadTiming times it on its own.
        var environment = new Dictionary<string, string> { ["Silo__Postgres"] = database, ["RETENTION_ANALYST_TOKEN"] = token, ["CountAhead__Enabled"] = "false" };
        var dataFolder = Directory.CreateDirectory(Path.Combine(context.Scratch, databaseName)).FullName;
        // Each silo's ports are picked right before it starts: picked early, one was taken meanwhile (address in use).
        var ports = new List<SiloPorts> { SiloPorts.Free() };

        clock.Restart();
        var first = site.Hold(await SiloProcess.StartAsync(dataFolder, ports[0], environment));
        var ready = clock.Elapsed;
        var client = site.Hold(await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database), ports[0].Gateway));
        var starter = new Till(client.Grains, $"{context.RunTag}-start");
        var served = await starter.AccrueAsync(new SimulatedTerminal(0, 0), 0);
        var firstTill = clock.Elapsed;
        context.Report.Add(new Figure($"{Name}-start", target, 1, 1, double.NaN, firstTill.TotalMilliseconds, double.NaN, double.NaN, double.NaN, double.NaN,
            served ? 0 : 1, FormattableString.Invariant($"silo process start to its first till served (ms, in p50); ready (dashboard up) after {ready.TotalSeconds:F1} s")));
        ports.Add(SiloPorts.Free());
        var second = site.Hold(await SiloProcess.StartAsync(dataFolder, ports[1], environment));
        var cluster = site.HoldCluster(await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database), [.. ports.Select(p => p.Gateway)]));

        using var office = new BackOfficeCalls(ports[0].Http, token);
        using var officeSecond = new BackOfficeCalls(ports[1].Http, token);
        var memoryBefore = ((await office.RuntimeAsync()).ResidentBytes, (await officeSecond.RuntimeAsync()).ResidentBytes);

        var pages = await office.PagesAsync(size);
        await TimeEndpointsAsync(context, office, target, [.. BackOfficeCalls.Endpoints(history.Now), .. pages]);
        context.Report.Add(new Check(Name, target, "dormant page by cursor: the page skip gives at the same depth", "same",
            await office.CursorPageMatchesSkipAsync(size) ? "same" : "different"));
        var spends = await office.DormantSpendsAsync();
        context.Report.Add(new Check(Name, target, "dormant page: 100 customers, highest lifetime spend first", "100, sorted",
            $"{spends.Count}, {(spends.SequenceEqual(spends.OrderByDescending(s => s)) ? "sorted" : "not sorted")}"));

        await CountAheadTiming.RunAsync(context, database, office, target, history.Now);

        await OldMemberSwipes.RunAsync(context, cluster, [office, officeSecond], history, target);

        // The sales' CPU is mostly the silos' (processes of their own) and PostgreSQL's: counted with the bench's, so the cost
        // per accrual can be compared across sizes.
        site.Cpu = context.Cpu.Including(first.ProcessId, second.ProcessId);
        await ScaleAccrual.RunAsync(context, site, size - history.OldCustomerCount);

        var memoryAfter = ((await office.RuntimeAsync()).ResidentBytes, (await officeSecond.RuntimeAsync()).ResidentBytes);
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{target}: silo resident memory after start {memoryBefore.Item1 / 1048576.0:N0} + {memoryBefore.Item2 / 1048576.0:N0} MiB, after the endpoints, cold swipes and accrual {memoryAfter.Item1 / 1048576.0:N0} + {memoryAfter.Item2 / 1048576.0:N0} MiB"));
    }

    // Each endpoint called a few times in a row: the median with the range; any answer but 200 is a failed check.
    private static async Task TimeEndpointsAsync(BenchContext context, BackOfficeCalls office, string target, IReadOnlyList<(string Name, string Path)> endpoints)
    {
        var repeats = context.Options.Quick ? 1 : 3;
        var failed = new List<string>();
        foreach (var (name, path) in endpoints)
        {
            if (BackOfficeCalls.KeepsCounts(path))
            {
                // Its first call counts the months that are over and keeps their counts; the calls after it read them back
                // (the timed median below). Both are figures: a marketer's first look after a month ends is the first.
                var (status, _, ms) = await office.CallAsync(path);
                Console.Error.WriteLine(FormattableString.Invariant($"  {target}: {name}, first call {ms:N0} ms"));
                context.Report.Add(new Figure($"{Name}-endpoint", $"{target}: {name}, first call", 1, 1, double.NaN, ms, double.NaN, double.NaN, ms,
                    double.NaN, 0, $"GET /api/{path.Split('?')[0]} with no counts kept yet: counts the months that are over from the ledger and keeps them"));
                if (status != 200)
                {
                    failed.Add(status == 0 ? $"{name}, first call: no answer within {BackOfficeCalls.CallTimeout.TotalMinutes:N0} min" : $"{name}, first call: {status}");
                }
            }
            var times = new List<double>();
            long bytes = 0;
            // An endpoint that takes over 20 s is called once: its order of magnitude is the finding, and the run must end.
            for (var i = 0; i < repeats && times.Sum() < 20_000; i++)
            {
                var (status, read, ms) = await office.CallAsync(path);
                times.Add(ms);
                bytes = read;
                if (status != 200)
                {
                    failed.Add(status == 0 ? $"{name}: no answer within {BackOfficeCalls.CallTimeout.TotalMinutes:N0} min" : $"{name}: {status}");
                }
            }
            times.Sort();
            var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
            Console.Error.WriteLine(FormattableString.Invariant($"  {target}: {name} {median:N0} ms ({bytes:N0} bytes)"));
            context.Report.Add(new Figure($"{Name}-endpoint", $"{target}: {name}", 1, times.Count, double.NaN, median, double.NaN, double.NaN, times[^1],
                double.NaN, 0, FormattableString.Invariant($"GET /api/{path.Split('?')[0]}: median of {times.Count} (p50 column), min {times[0]:N0} ms, max {times[^1]:N0} ms; {bytes:N0} bytes read to the end")));
        }
        context.Report.Add(new Check(Name, target, "every back-office endpoint answered 200", "all 200", failed.Count == 0 ? "all 200" : string.Join("; ", failed)));
    }
}

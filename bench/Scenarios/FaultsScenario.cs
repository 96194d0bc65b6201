using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Faults;
using RetentionActors.Bench.Postgres;
using RetentionActors.Bench.Reporting;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// The fault drills of "Nothing lost under faults", on two real silo processes in cluster mode and a PostgreSQL server
/// of their own: the database restarted and its backends killed while tills sell, a till offline for a day with its
/// clock two days ahead, three days of receipt numbers that start again every day, a terminal killed mid-drain and a
/// silo killed while tills sell. For each: every sale rung up is in the ledger exactly once, or kept at its till as a
/// dead letter with its reason; the table counts what was lost and what was doubled (both must be zero).
/// </summary>
public static class FaultsScenario
{
    public const string Name = "faults";
    private const string StoreId = "F001";

    public static async Task RunAsync(BenchContext context, string repositoryRoot)
    {
        var quick = context.Options.Quick;
        var customers = quick ? 100 : 1_000;
        var (before, after) = quick ? (TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)) : (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        // A port of its own: the drills stop and start this server, never one the caller gave with --postgres.
        await using var server = await PostgresServer.OpenAsync(null, context.Options.PostgresPort + 1, repositoryRoot);
        Console.Error.WriteLine($"{Name}: starting two silo processes on a PostgreSQL of the drills' own");
        await using var cluster = await FaultCluster.StartAsync(server, context.Scratch);
        await Seeder.SeedAsync(cluster.Grains, customers, Name);
        var credentials = await Task.WhenAll(new[] { "till-1", "till-2", "till-3", "skewed", "process" }
            .Select(till => cluster.IssueTillCredentialAsync(StoreId, till)));
        var drills = new List<(string Drill, DrillCounts Counts, string Note)>();
        var load = new SalesLoad(context, cluster, customers, before, after);

        await using (var tills = await TillsAsync(context, cluster, credentials[..3]))
        {
            drills.Add(await load.RunAsync("postgres-restart", tills, async () =>
            {
                // pg_ctl restart -m fast, with a few seconds between stop and start, as a failover or an upgrade takes.
                await server.StopAsync();
                await Task.Delay(TimeSpan.FromSeconds(3));
                await server.StartAsync();
                return "PostgreSQL stopped (fast) and started again 3 s later";
            }));
            drills.Add(await load.RunAsync("postgres-backends-killed", tills, async () =>
            {
                var killed = await PostgresServer.TerminateBackendsAsync(cluster.Database);
                await Task.Delay(TimeSpan.FromSeconds(1));
                killed += await PostgresServer.TerminateBackendsAsync(cluster.Database);
                return $"{killed} database connections terminated in two waves";
            }));
            drills.Add(await DailyReceiptsAsync(cluster, tills, customers, quick ? 20 : 200));
        }
        drills.Add(await SkewedTillAsync(context, cluster, credentials[3], customers, quick ? 20 : 200));
        drills.Add(await TerminalKilledAsync(context, cluster, credentials[4], customers, quick ? 200 : 1_000));
        await using (var tills = await TillsAsync(context, cluster, credentials[..3]))
        {
            drills.Add(await load.RunAsync("silo-killed", tills, async () =>
            {
                await cluster.KillSecondSiloAsync();
                return "the second silo SIGKILLed";
            }, sellingAfter: TimeSpan.FromSeconds(30))); // the cluster declares a dead silo dead by missed probes within seconds (docs/performance.md, Failover)
        }

        foreach (var (drill, counts, note) in drills)
        {
            context.Report.Add(new Check(Name, drill, "sales lost (neither in the ledger nor kept as a dead letter)", "0", $"{counts.Lost}"));
            context.Report.Add(new Check(Name, drill, "extra ledger entries (sales doubled)", "0", $"{counts.Doubled}"));
            context.Report.Notes.Add($"{Name} {drill}: {note}");
        }
        Console.WriteLine();
        Console.WriteLine(Table(drills));
    }

    private static async Task<TillGroup> TillsAsync(BenchContext context, FaultCluster cluster, string[] credentials) =>
        new(await Task.WhenAll(credentials.Select(file =>
            BenchTill.OpenAsync(file, cluster.Gateways, Path.Combine(context.Scratch, $"faults-{Path.GetFileNameWithoutExtension(file)}-{Guid.NewGuid():N}.db")))));

    /// <summary>
    /// Three business days, each till numbering its receipts from 1 again. The two days before today are written to the
    /// tills' outboxes as a till offline on those days keeps them (rung up at noon of their day, with their business day)
    /// and sent from there; today's are rung up online. Every sale is sent twice, as after a lost answer.
    /// </summary>
    private static async Task<(string, DrillCounts, string)> DailyReceiptsAsync(FaultCluster cluster, TillGroup tills, int customers, int receiptsPerDay)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        var sales = new List<RungUpSale>();
        var todaysReplays = 0;
        await Task.WhenAll(tills.Tills.Select(async till =>
        {
            var random = new Random(till.Identity.TerminalId.GetHashCode(StringComparison.Ordinal));
            var mine = new List<RungUpSale>();
            foreach (var day in new[] { today.AddDays(-2), today.AddDays(-1) })
            {
                var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeZoneInfo.Local.GetUtcOffset(day.ToDateTime(new TimeOnly(12, 0))));
                var queued = Enumerable.Range(1, receiptsPerDay).Select(receipt => (Card: Shop.CardId(random.Next(customers)),
                    Sale: new Contracts.Ledger.Purchase(StoreId, till.Identity.TerminalId, $"{receipt}", noon, 10m, null) { BusinessDay = day })).ToList();
                foreach (var send in new[] { "first", "again" })
                {
                    queued.ForEach(q => till.Outbox.Enqueue(q.Card, q.Sale, noon));
                    if (!await till.DrainedAsync(BenchTill.DrainWithin))
                    {
                        throw new TimeoutException($"{till.Identity.TerminalId} did not send its receipts of {day} ({send}) within {BenchTill.DrainWithin.TotalSeconds:F0} s.");
                    }
                }
                mine.AddRange(queued.Select(q => new RungUpSale(till.Identity.TerminalId, day, q.Sale.ReceiptId)));
            }
            for (var receipt = 1; receipt <= receiptsPerDay; receipt++)
            {
                var card = Shop.CardId(random.Next(customers));
                await till.SellAsync(card, $"{receipt}", 10m, today);
                if (await till.SellAsync(card, $"{receipt}", 10m, today) is AccruedAnswer { Replayed: true })
                {
                    Interlocked.Increment(ref todaysReplays);
                }
                mine.Add(new RungUpSale(till.Identity.TerminalId, today, $"{receipt}"));
            }
            lock (sales)
            {
                sales.AddRange(mine);
            }
        }));
        var counts = (await FaultLedger.ReadAsync(cluster.Grains, customers)).Tally(sales, tills.KeptSales);
        return ("daily-receipts", counts, $"{tills.Tills.Count} tills × 3 business days × receipts 1..{receiptsPerDay}, every sale sent twice; "
            + $"{todaysReplays} of today's {tills.Tills.Count * receiptsPerDay} second sends answered as already recorded");
    }

    /// <summary>
    /// A till offline for a day with its clock two days ahead: its sales queue, are refused as skewed when it comes back
    /// and kept as dead letters; the back office books them with the skew undone, and the till then lets them go.
    /// </summary>
    private static async Task<(string, DrillCounts, string)> SkewedTillAsync(BenchContext context, FaultCluster cluster, string credential, int customers, int count)
    {
        var outbox = Path.Combine(context.Scratch, "faults-skewed.db");
        var clock = new AheadClock(TimeSpan.FromDays(2));
        var random = new Random(7);
        List<RungUpSale> sales;
        // Offline: its silo address leads nowhere.
        await using (var offline = await BenchTill.OpenAsync(credential, [new(System.Net.IPAddress.Loopback, Tests.Shared.Silo.BuildOutput.FreePort())], outbox, clock))
        {
            for (var i = 0; i < count; i++)
            {
                await offline.SellAsync(Shop.CardId(random.Next(customers)), $"{context.RunTag}-skew-{i}", 10m);
            }
            sales = [.. offline.Sales];
        }
        await using var till = await BenchTill.OpenAsync(credential, cluster.Gateways, outbox, clock);
        await Until(() => till.Outbox.Count() == 0 && till.Outbox.DeadLetters().All(d => d.ReportedAt is not null), "the skewed till to send everything and report its dead letters");
        var refused = till.Outbox.DeadLetters();
        var whileKept = (await FaultLedger.ReadAsync(cluster.Grains, customers)).Tally(sales, till.KeptSales);
        var reasons = string.Join(", ", refused.GroupBy(d => d.ReasonCode).Select(g => $"{g.Count()} {g.Key}"));

        // The back office books each one with the till's skew undone (docs: Dead letters page, "undo clock skew").
        var letters = cluster.Grains.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill(StoreId, till.Identity.TerminalId));
        var booked = 0;
        foreach (var letter in refused)
        {
            var result = await letters.RetryAsync(new DeadLetterCorrection(letter.Purchase.Day, letter.Purchase.ReceiptId, "bench") { UndoClockSkew = true });
            booked += result.Outcome == DeadLetterOutcome.Done ? 1 : 0;
        }
        await Until(() => till.Outbox.DeadLetterCount() == 0, "the till to learn the bookings and let its dead letters go");
        var counts = (await FaultLedger.ReadAsync(cluster.Grains, customers)).Tally(sales, till.KeptSales);
        return ("till-clock-2-days-ahead", counts,
            $"{count} sales queued offline; on replay {refused.Count} refused ({reasons}) and kept (in the ledger {whileKept.InLedgerOnce}, kept {whileKept.DeadLetters}, lost {whileKept.Lost}); the back office booked {booked} with the skew undone");
    }

    /// <summary>The terminal program, its outbox full from a day offline, SIGKILLed half way through sending it, then started again.</summary>
    private static async Task<(string, DrillCounts, string)> TerminalKilledAsync(BenchContext context, FaultCluster cluster, string credential, int customers, int count)
    {
        var outboxPath = Path.Combine(context.Scratch, "faults-terminal.db");
        var outbox = new PurchaseOutbox(outboxPath);
        var random = new Random(11);
        var day = DateOnly.FromDateTime(DateTime.Now);
        var sales = new List<RungUpSale>();
        for (var i = 0; i < count; i++)
        {
            var receipt = $"{context.RunTag}-term-{i}";
            outbox.Enqueue(Shop.CardId(random.Next(customers)), new Contracts.Ledger.Purchase(StoreId, "process", receipt, DateTimeOffset.UtcNow, 10m, null) { BusinessDay = day }, DateTimeOffset.UtcNow);
            sales.Add(new RungUpSale("process", day, receipt));
        }
        string[] args = ["--json", "--reader", "keyboard", .. cluster.Gateways.SelectMany(g => new[] { "--silo", $"localhost:{g.Port}" }), "--outbox", outboxPath, "--credential", credential];
        int leftAtKill;
        await using (var first = TillProcess.Start(args))
        {
            await Until(() => outbox.Count() <= count / 2, "the terminal to send half its outbox");
            await first.KillAsync();
            leftAtKill = outbox.Count();
        }
        await using (TillProcess.Start(args))
        {
            await Until(() => outbox.Count() == 0, "the restarted terminal to send the rest");
        }
        var kept = outbox.DeadLetters().Select(d => new RungUpSale("process", d.Purchase.BusinessDay, d.Purchase.ReceiptId));
        var counts = (await FaultLedger.ReadAsync(cluster.Grains, customers)).Tally(sales, kept);
        return ("terminal-killed-mid-drain", counts, $"{count} queued sales; the terminal process SIGKILLed with {leftAtKill} left, restarted, and its outbox emptied");
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + BenchTill.DrainWithin;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {BenchTill.DrainWithin.TotalSeconds:F0} s for {what}.");
            }
            await Task.Delay(200);
        }
    }

    private static string Table(List<(string Drill, DrillCounts Counts, string Note)> drills)
    {
        var lines = new List<string>
        {
            "Fault drills: every sale in the ledger exactly once, or kept as a dead letter with its reason",
            $"{"drill",-28} {"sales",7} {"in ledger once",15} {"dead letters",13} {"lost",5} {"doubled",8}",
        };
        lines.AddRange(drills.Select(d =>
            $"{d.Drill,-28} {d.Counts.Sales,7} {d.Counts.InLedgerOnce,15} {d.Counts.DeadLetters,13} {d.Counts.Lost,5} {d.Counts.Doubled,8}"));
        return string.Join('\n', lines);
    }

    /// <summary>A till's clock that runs ahead of the world by a fixed amount.</summary>
    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}

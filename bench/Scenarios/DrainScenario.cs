using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Scenario 6: a till that was offline replays its outbox. The terminal's real SQLite outbox is filled
/// with purchases of seeded customers (Zipf), then drained by the terminal's real replayer, which sends
/// one purchase at a time, oldest first, and deletes each entry once answered — so the drain is
/// sequential by design and each receipt costs a durable accrual plus a durable outbox delete.
/// Three runs, each checked for zero lost and zero doubled: one outbox drained straight through (the
/// headline, with the cost of queueing each purchase); a smaller one cut off half way and drained again by a
/// fresh replayer (as a till switched off and on); several tills' outboxes draining at once.
/// </summary>
public static class DrainScenario
{
    public const string Name = "offline-drain";

    public static async Task RunAsync(BenchContext context, BenchCluster cluster, Backend backend)
    {
        var count = context.Options.OutboxPurchases;
        var tag = $"{context.RunTag}-{backend.Name}-drain";
        var balance = await Till.TotalBalanceAsync(cluster.Grains, context.Options.Customers);

        // 1. One till's outbox, drained straight through: the headline figure.
        var single = new OfflineTill(Path.Combine(context.Scratch, "outbox-single.db"), "OFF01", $"{tag}-single");
        var enqueues = Fill(context, [single], count);
        context.Report.Add(Measured("outbox enqueue", 1, enqueues, Seconds(enqueues.Sum()), "a purchase queued while offline: one SQLite insert, synchronous=FULL"));
        var (runs, seconds, cpu) = await DrainAsync(context, cluster, [single]);
        context.Report.Add(Measured($"{backend.Name} 1 outbox", 1, runs[0].Gaps, seconds,
            "the terminal's OutboxReplayer: one receipt at a time, in order (accrual committed, then outbox entry deleted); latency = time between answers", cpu, single.Declined));
        balance = await CheckAsync(context, cluster, $"{backend.Name} 1 outbox", [single], count, balance);

        // 2. Cut off half way, then a fresh replayer on the same file finishes, as a till switched off and on.
        // A fifth of the purchases: it proves no doubles, its speed is that of run 1, and queueing costs ~3 ms each.
        var restarted = new OfflineTill(Path.Combine(context.Scratch, "outbox-restart.db"), "OFF02", $"{tag}-restart");
        var restartCount = Math.Max(2, count / 5);
        Fill(context, [restarted], restartCount);
        var first = await restarted.DrainAsync(cluster.Grains, stopAfter: restartCount / 2);
        var left = restarted.PendingCount();
        var second = await restarted.DrainAsync(cluster.Grains);
        context.Report.Notes.Add(FormattableString.Invariant(
            $"{Name} {backend.Name}: drain cancelled after {first.Answered:N0} answers (cut off: {first.Interrupted}) with {left:N0} entries left; the restarted drain got {second.Answered:N0} answers, {second.AlreadyRecorded} of them 'already recorded' (the call in flight at the cancel had reached the silo)"));
        balance = await CheckAsync(context, cluster, $"{backend.Name} interrupted+restarted", [restarted], restartCount, balance);

        // 3. Several tills' outboxes at once, each still in order within itself.
        var tills = Enumerable.Range(1, context.Options.Outboxes)
            .Select(i => new OfflineTill(Path.Combine(context.Scratch, $"outbox-till{i}.db"), $"OFF{10 + i}", $"{tag}-till{i}")).ToArray();
        var share = count / tills.Length;
        Fill(context, tills, share);
        (runs, seconds, cpu) = await DrainAsync(context, cluster, tills);
        context.Report.Add(Measured($"{backend.Name} {tills.Length} outboxes", tills.Length, [.. runs.SelectMany(r => r.Gaps)], seconds,
            $"{tills.Length} tills × {share:N0} purchases draining at once, their outboxes on the silo's disk (real tills have their own); latency = time between one till's answers", cpu, tills.Sum(t => t.Declined)));
        await CheckAsync(context, cluster, $"{backend.Name} {tills.Length} outboxes", tills, share * tills.Length, balance);
    }

    // Tills queue one after another (the timing is per insert), picking customers with the usual Zipf skew.
    private static List<long> Fill(BenchContext context, OfflineTill[] tills, int each)
    {
        var ticks = new List<long>();
        using var progress = Progress.Start($"{Name}: queueing {each * tills.Length:N0} purchases in {tills.Length} outbox(es)", null, () => tills.Sum(t => t.Queued));
        foreach (var till in tills)
        {
            ticks.AddRange(till.Fill(each, context.Zipf, Random.Shared));
        }
        return ticks;
    }

    private static async Task<(DrainRun[] Runs, double Seconds, double CpuMicroseconds)> DrainAsync(BenchContext context, BenchCluster cluster, OfflineTill[] tills)
    {
        using var progress = Progress.Start($"{Name}: draining {tills.Length} outbox(es)", null, () => tills.Sum(t => t.Answered));
        var cpuBefore = context.Cpu.Now();
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(tills.Select(t => t.DrainAsync(cluster.Grains)));
        var seconds = clock.Elapsed.TotalSeconds;
        return (runs, seconds, (context.Cpu.Now() - cpuBefore).TotalMicroseconds / Math.Max(1, runs.Sum(r => r.Answered)));
    }

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    // A row from per-receipt samples; throughput over the whole elapsed time.
    private static Figure Measured(string target, int concurrency, List<long> samples, double seconds, string note, double cpu = double.NaN, long errors = 0)
    {
        var latency = Latencies.From(samples);
        return new Figure(Name, target, concurrency, samples.Count, samples.Count / seconds, latency.P50, latency.P95, latency.P99, latency.Max, cpu, errors, note);
    }

    /// <summary>Zero lost, zero doubled, outbox empty; returns the new sum of balances for the next run.</summary>
    private static async Task<long> CheckAsync(BenchContext context, BenchCluster cluster, string target, OfflineTill[] tills, int queued, long balanceBefore)
    {
        var after = await Till.TotalBalanceAsync(cluster.Grains, context.Options.Customers);
        var accepted = tills.Sum(t => t.ReceiptsAnswered - t.Declined);
        var points = tills.Sum(t => t.PointsOfReceipts);
        var (entries, receipts) = (0, 0);
        foreach (var till in tills)
        {
            var found = await LedgerAudit.PurchasesAsync(cluster.Grains, till.Ranks, till.ReceiptTag);
            (entries, receipts) = (entries + found.Entries, receipts + found.Receipts);
        }
        string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        context.Report.Add(new Check(Name, target, "receipts accepted (none lost, none declined)", Text(queued), Text(accepted)));
        context.Report.Add(new Check(Name, target, "sum of balances moved by the points of the receipts, once each", Text(points), Text(after - balanceBefore)));
        context.Report.Add(new Check(Name, target, "purchase entries in the ledger: receipts / entries (each exactly once)", $"{queued} / {queued}", $"{receipts} / {entries}"));
        context.Report.Add(new Check(Name, target, "entries left in the outboxes", "0", Text(tills.Sum(t => t.PendingCount()))));
        return after;
    }
}

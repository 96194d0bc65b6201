namespace RetentionActors.Bench;

/// <summary>The command line: a scenario and options. <c>--quick</c> picks small sizes and short runs (a CI smoke check).</summary>
public sealed class BenchOptions
{
    public static readonly string[] Scenarios = ["all", "accrual", "baselines", "hot", "retry", "drain", "sweep", "scale", "micro", "faults", "failover", "soak", "cpu"];

    public string Scenario { get; private set; } = "all";
    public bool Quick { get; private set; }
    public string? Postgres { get; private set; }
    public int PostgresPort { get; private set; } = 55500;
    public int Terminals { get; private set; } = 32;
    public int HotTerminals { get; private set; } = 50;
    public int Customers { get; private set; } = 10_000;
    public double Seconds { get; private set; } = 10;
    public double WarmupSeconds { get; private set; } = 2;
    public double ZipfExponent { get; private set; } = 1.0;
    public int[] SweepLevels { get; private set; } = [1, 4, 16, 32, 64];
    // 1,000,000 is in by default: with bulk seeding that size takes about 2.5 minutes of the scenario (97–106 s of it
    // seeding, ~20 s waiting for the silo to settle) and all three sizes under 4, measured on the shared 2-core machine.
    public int[] ScaleSizes { get; private set; } = [10_000, 100_000, 1_000_000];
    public int OutboxPurchases { get; private set; } = 10_000;
    public int Outboxes { get; private set; } = 4;
    public string[] MicroClasses { get; private set; } = [];
    public string[] Backends { get; private set; } = ["sqlite", "pg"];
    public double SoakMinutes { get; private set; } = 30;
    public double SoakRate { get; private set; } = 100;
    /// <summary>The soak silo's grain idle age: short by default, so the idle phase after the load is short (6 s with --quick).</summary>
    public double SoakIdleMinutes { get; private set; } = 2;
    public bool SoakAllocations { get; private set; }
    // Moderate for pg-1silo on this 2-core machine (its closed-loop maximum was about 2,100/s on a quiet machine), so the
    // windows measure the work of a steady load rather than of queues growing: 800/s was not kept up with at a load
    // average of 21 (527/s done), 400/s mostly was.
    public double CpuRate { get; private set; } = 400;
    public string Output { get; private set; } = Path.Combine("artifacts", "bench");

    public static string Usage => $"""
        usage: dotnet run -c Release --project bench -- <{string.Join('|', Scenarios)}> [options]
          --quick                 small and short: seconds, not minutes (CI smoke check; no sweep or micro; a 500-purchase drain; scale on
                                  PostgreSQL only, 20,000 members)
          --postgres "<conn>"     measure this PostgreSQL instead of starting a throwaway one with .ci/postgres
          --pg-port <port>        port of the throwaway PostgreSQL (default 55500)
          --backends sqlite,pg    which stores the grain scenarios run on (default both; pg runs 1 and 2 silos)
          --terminals <n>         concurrent terminals for accrual, retry storm and baselines (default 32)
          --customers <m>         customers with cards (default 10000), picked with a Zipf skew
          --zipf <s>              Zipf exponent (default 1.0)
          --seconds <s>           measured seconds per run (default 10), after --warmup <s> (default 2)
          --sweep 1,4,16          terminal counts of the concurrency sweep (the chart), then sales open loop at half its best rate
          --sizes 10000,100000    store sizes of the scale scenario (default 10000,100000,1000000); on PostgreSQL (--backends pg)
                                  members with purchase history on two silo processes, e.g. --sizes 1000000,10000000
          --outbox <n>            purchases in the terminal outbox the drain scenario replays, embedded store only (default 10000)
          --outboxes <k>          tills whose outboxes drain at once in the drain scenario's last run (default 4)
          --micro Pn532,CardData  run only these benchmark classes of the micro scenario (default all)
          faults                  the fault drills: two silo processes on a PostgreSQL of their own (port --pg-port + 1),
                                  which is restarted under load; prints lost and doubled sales per drill
          failover                four tills selling 40/s on two silo processes while one is SIGKILLed, started again, and
                                  restarted gracefully (SIGTERM); per phase: accrued, queued, recovery time, p99, lost, doubled
          soak                    a long day of selling on an embedded silo process: open-loop load, then an idle phase past the
                                  grain idle age (--idle-minutes; idle for twice that and a little); memory, activations, latencies per window
          --soak-minutes <m>      minutes of load in the soak (default 30; 1 with --quick); not part of a full `all`
          --idle-minutes <m>      the soak silo's grain idle age (default 2; 0.1 with --quick); the idle phase grows with it
          --rate <n>              operations per second the soak's tills take, purchases and some redemptions (default 100)
          --allocations           soak: sample what the silo allocates in the second window (EventPipe, dotnet-trace's
                                  gc-verbose ticks) and print it per operation by type and by our allocating method; the
                                  windows after it are disturbed by the sampling, so use a run of its own
          cpu                     CPU µs per accrual on PostgreSQL, 1 silo, at a fixed open-loop rate: per process (bench, PostgreSQL)
                                  and, from an EventPipe sample profile, per component inside the bench process; 3 windows
          --cpu-rate <n>          accruals per second of the cpu scenario (default 400; 300 with --quick)
          --out <folder>          where the JSON and the chart go (default artifacts/bench)
        """;

    // A full soak takes half an hour, so a full `all` leaves it out; its quick run (about a minute and a half) is in `all --quick`.
    public bool Runs(string scenario) => Scenario == scenario
        || (Scenario == "all" && (Quick ? scenario is not ("micro" or "sweep") : scenario is not "soak"));

    public bool UsesBackend(string backend) => Backends.Contains(backend);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var rest = new Queue<string>(args);
        if (rest.Count > 0 && !rest.Peek().StartsWith("--", StringComparison.Ordinal))
        {
            options.Scenario = rest.Dequeue();
        }
        if (!Scenarios.Contains(options.Scenario))
        {
            throw new ArgumentException($"Unknown scenario '{options.Scenario}'.");
        }
        if (args.Contains("--quick"))
        {
            (options.Quick, options.Terminals, options.Customers, options.Seconds, options.WarmupSeconds) = (true, 16, 500, 2, 1);
            // Two scale sizes, so the sizes' turns at the accrual (AccrualAcrossSizes) run in CI too.
            (options.SweepLevels, options.ScaleSizes, options.OutboxPurchases, options.Outboxes) = ([4, 16], [5_000, 20_000], 500, 2);
            options.SoakMinutes = 1;
            options.SoakIdleMinutes = 0.1;
            options.CpuRate = 300;
        }
        while (rest.Count > 0)
        {
            var flag = rest.Dequeue();
            string Value() => rest.Count > 0 ? rest.Dequeue() : throw new ArgumentException($"{flag} needs a value.");
            int[] Numbers() => [.. Value().Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))];
            switch (flag)
            {
                case "--quick": break;
                case "--postgres": options.Postgres = Value(); break;
                case "--pg-port": options.PostgresPort = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--backends": options.Backends = Value().Split(','); break;
                case "--terminals": options.Terminals = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--customers": options.Customers = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--zipf": options.ZipfExponent = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seconds": options.Seconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--warmup": options.WarmupSeconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--sweep": options.SweepLevels = Numbers(); break;
                case "--sizes": options.ScaleSizes = Numbers(); break;
                case "--outbox": options.OutboxPurchases = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--outboxes": options.Outboxes = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--micro": options.MicroClasses = Value().Split(','); break;
                case "--soak-minutes": options.SoakMinutes = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--idle-minutes": options.SoakIdleMinutes = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--rate": options.SoakRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--allocations": options.SoakAllocations = true; break;
                case "--cpu-rate": options.CpuRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--out": options.Output = Value(); break;
                default: throw new ArgumentException($"Unknown option '{flag}'.");
            }
        }
        return options;
    }

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["scenario"] = Scenario,
        ["quick"] = Quick.ToString(),
        ["backends"] = string.Join(',', Backends),
        ["terminals"] = Terminals.ToString(CultureInfo.InvariantCulture),
        ["hotTerminals"] = HotTerminals.ToString(CultureInfo.InvariantCulture),
        ["customers"] = Customers.ToString(CultureInfo.InvariantCulture),
        ["zipf"] = ZipfExponent.ToString(CultureInfo.InvariantCulture),
        ["seconds"] = Seconds.ToString(CultureInfo.InvariantCulture),
        ["warmupSeconds"] = WarmupSeconds.ToString(CultureInfo.InvariantCulture),
        ["sweep"] = string.Join(',', SweepLevels),
        ["sizes"] = string.Join(',', ScaleSizes),
        ["outboxPurchases"] = OutboxPurchases.ToString(CultureInfo.InvariantCulture),
        ["outboxes"] = Outboxes.ToString(CultureInfo.InvariantCulture),
        ["soakMinutes"] = SoakMinutes.ToString(CultureInfo.InvariantCulture),
        ["soakRate"] = SoakRate.ToString(CultureInfo.InvariantCulture),
        ["soakIdleMinutes"] = SoakIdleMinutes.ToString(CultureInfo.InvariantCulture),
        ["soakAllocations"] = SoakAllocations.ToString(),
        ["cpuRate"] = CpuRate.ToString(CultureInfo.InvariantCulture),
        ["micro"] = MicroClasses.Length == 0 ? "all" : string.Join(',', MicroClasses),
    };

    public TimeSpan Warmup => TimeSpan.FromSeconds(WarmupSeconds);
    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);
}

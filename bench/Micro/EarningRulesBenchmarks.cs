using BenchmarkDotNet.Attributes;
using RetentionActors.Domain.Earning;

namespace RetentionActors.Bench.Micro;

/// <summary>Points for a 3-line receipt, with and without category multipliers: runs on every accrual.</summary>
[MemoryDiagnoser]
public class EarningRulesBenchmarks
{
    private readonly EarningRules _plain = new(1m, new Dictionary<string, decimal>(), 0m);
    private readonly EarningRules _multipliers = new(1m, new Dictionary<string, decimal> { ["grocery"] = 2m, ["drinks"] = 1.5m }, 5m);
    private readonly SaleLine[] _lines = [new("grocery", 12.40m), new("bakery", 3.10m), new("drinks", 7.95m)];

    [Benchmark(Baseline = true)]
    public long ThreeLinesNoMultipliers() => _plain.PointsFor(23.45m, _lines);

    [Benchmark]
    public long ThreeLinesWithMultipliers() => _multipliers.PointsFor(23.45m, _lines);
}

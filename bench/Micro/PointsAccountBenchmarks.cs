using BenchmarkDotNet.Attributes;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Bench.Micro;

/// <summary>
/// Ledger lot consumption: a redemption draws points from the oldest open lots. Measured on accounts
/// with few and many open lots, and the replay that rebuilds an account on activation.
/// </summary>
[MemoryDiagnoser]
public class PointsAccountBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private PointsAccount _account = new();
    private List<LedgerEntry> _history = [];

    [Params(10, 1000)]
    public int OpenLots { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _account = new PointsAccount();
        _history = [];
        for (var i = 0; i < OpenLots; i++)
        {
            var till = new TillReference("S001", "T001", $"R{i}", null, Start.AddMinutes(i));
            var decision = _account.Earn(till, 10m, 10, Start.AddMinutes(i));
            foreach (var entry in decision.Entries)
            {
                _account.Apply(entry);
                _history.Add(entry);
            }
        }
    }

    /// <summary>A redemption spanning about half of the lots (decided, not applied, so every run sees the same account).</summary>
    [Benchmark]
    public Decision RedeemAcrossHalfTheLots() =>
        _account.Redeem(new TillReference("S001", "T001", "X1", null, Start), OpenLots * 5, 1m, Start.AddDays(1));

    [Benchmark]
    public Decision Earn() => _account.Earn(new TillReference("S001", "T001", "X2", null, Start), 10m, 10, Start.AddDays(1));

    [Benchmark]
    public PointsAccount ReplayHistory() => PointsAccount.Replay(_history);
}

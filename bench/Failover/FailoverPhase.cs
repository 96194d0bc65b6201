using RetentionActors.Bench.Faults;
using RetentionActors.Bench.Load;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Bench.Failover;

/// <summary>
/// What the tills saw in one phase of a failover drill (the sales rung up between its start and its end): how many were
/// answered accrued, queued or otherwise; the share accrued among the customers whose grains were on a silo that stayed
/// up; how long after the fault the last till had its last answer other than accrued (when every till accrued again);
/// the till sequence's latency; and, from the ledgers, how many were lost or doubled.
/// </summary>
public sealed record FailoverPhase(
    string Name,
    string What,
    int Sales,
    int Accrued,
    int Queued,
    int Other,
    int SurvivorSales,
    int SurvivorsAccrued,
    TimeSpan EveryTillAccruingAfter,
    Latencies Latency,
    DrillCounts Counts)
{
    /// <summary>
    /// The phase's figures. <paramref name="faultAt"/> is when the fault struck; <paramref name="survivors"/> are the
    /// customers whose card and customer grains were both on silos that stayed up (all customers when nothing died).
    /// </summary>
    public static FailoverPhase From(string name, string what, IReadOnlyList<RecordedSale> sales, DateTimeOffset faultAt,
        Func<int, bool> survivors, DrillCounts counts)
    {
        var ticks = sales.Select(s => (long)(s.Took.TotalSeconds * Stopwatch.Frequency)).ToList();
        var ofSurvivors = sales.Where(s => survivors(s.Customer)).ToList();
        // A till is accruing again after its last answer that was not accrued; the phase's figure is the latest till's.
        var lastMiss = sales.Where(s => s.Event != AnswerEvents.Accrued).GroupBy(s => s.Till).Select(g => g.Max(s => s.AnsweredAt)).ToList();
        var recovered = lastMiss.Count == 0 ? TimeSpan.Zero : lastMiss.Max() - faultAt;
        return new FailoverPhase(name, what, sales.Count,
            sales.Count(s => s.Event == AnswerEvents.Accrued),
            sales.Count(s => s.Event == AnswerEvents.Queued),
            sales.Count(s => s.Event is not (AnswerEvents.Accrued or AnswerEvents.Queued)),
            ofSurvivors.Count,
            ofSurvivors.Count(s => s.Event == AnswerEvents.Accrued),
            recovered < TimeSpan.Zero ? TimeSpan.Zero : recovered,
            Latencies.From(ticks),
            counts);
    }

    public double SurvivorsAccruedShare => SurvivorSales == 0 ? double.NaN : (double)SurvivorsAccrued / SurvivorSales;
}

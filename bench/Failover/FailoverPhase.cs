using RetentionActors.Bench.Faults;
using RetentionActors.Bench.Load;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Bench.Failover;

/// <summary>
/// What the tills saw in one phase of a failover drill (the sales answered between its start and its end, so a sale in
/// flight when a fault struck counts in the fault's phase): how many were answered accrued, queued or otherwise; the
/// share accrued among the customers whose grains were on a silo that stayed up; when every till was accruing again;
/// the till sequence's latency; what membership did (missed probes, the time until a failed silo was declared dead);
/// and, from the ledgers, how many were lost or doubled.
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
    TimeSpan? EveryTillAccruingAfter,
    Latencies Latency,
    int MissedProbes,
    string Membership,
    DrillCounts Counts)
{
    /// <summary>
    /// The phase's figures. <paramref name="faultAt"/> is when the fault struck (or the phase began);
    /// <paramref name="survivors"/> are the customers whose card and customer grains were both on silos that stayed up
    /// (all customers when nothing failed).
    /// </summary>
    public static FailoverPhase From(PhaseWindow window, IReadOnlyList<RecordedSale> sales, int missedProbes, DrillCounts counts)
    {
        var ticks = sales.Select(s => (long)(s.Took.TotalSeconds * Stopwatch.Frequency)).ToList();
        var ofSurvivors = sales.Where(s => window.Survivors(s.Customer)).ToList();
        return new FailoverPhase(window.Name, window.What, sales.Count,
            sales.Count(s => s.Event == AnswerEvents.Accrued),
            sales.Count(s => s.Event == AnswerEvents.Queued),
            sales.Count(s => s.Event is not (AnswerEvents.Accrued or AnswerEvents.Queued)),
            ofSurvivors.Count,
            ofSurvivors.Count(s => s.Event == AnswerEvents.Accrued),
            AccruingAgainAfter(sales, window.FaultAt),
            Latencies.From(ticks),
            missedProbes,
            window.Membership,
            counts);
    }

    /// <summary>
    /// When the last till to recover had its last answer other than accrued, after the fault; null when a till's last
    /// answer in the phase was not accrued (it had not recovered when the phase ended).
    /// </summary>
    private static TimeSpan? AccruingAgainAfter(IReadOnlyList<RecordedSale> sales, DateTimeOffset faultAt)
    {
        var latest = TimeSpan.Zero;
        foreach (var till in sales.GroupBy(s => s.Till))
        {
            var answers = till.OrderBy(s => s.AnsweredAt).ToList();
            if (answers[^1].Event != AnswerEvents.Accrued)
            {
                return null;
            }
            var lastMiss = answers.LastOrDefault(s => s.Event != AnswerEvents.Accrued);
            if (lastMiss is not null && lastMiss.AnsweredAt - faultAt > latest)
            {
                latest = lastMiss.AnsweredAt - faultAt;
            }
        }
        return latest;
    }

    public double SurvivorsAccruedShare => SurvivorSales == 0 ? double.NaN : (double)SurvivorsAccrued / SurvivorSales;
}

/// <summary>
/// One phase of the drill: from <see cref="Start"/> (where the previous one ended) to <see cref="End"/>; the fault, if
/// any, struck at <see cref="FaultAt"/>; <see cref="Survivors"/> says which customers' grains were all on silos that
/// stayed up; <see cref="Membership"/> what the membership table said of the failed silo.
/// </summary>
public sealed record PhaseWindow(string Name, string What, DateTimeOffset Start, DateTimeOffset FaultAt, DateTimeOffset End,
    Func<int, bool> Survivors, string Membership = "–");

using RetentionActors.Bench.Faults;

namespace RetentionActors.Bench.Failover;

/// <summary>
/// The phases of a failover drill, back to back: each begins where the previous ended, so every sale the tills answer
/// falls in exactly one phase. For each it keeps how many probes the silos missed (Orleans logs each as a warning) and,
/// across the whole drill, every suspicion vote the membership table showed at any phase's end (a vote can be cleared
/// later, so one read at the end could miss it).
/// </summary>
public sealed class DrillTimeline(FaultCluster cluster)
{
    private const string MissedProbe = "Did not get response for probe";
    private readonly List<(PhaseWindow Window, int MissedProbes)> _phases = [];
    private readonly HashSet<SuspicionVote> _votes = [];
    private DateTimeOffset _start = DateTimeOffset.UtcNow;
    private int _missedAtStart = cluster.CountLogged(MissedProbe);

    public IReadOnlyList<(PhaseWindow Window, int MissedProbes)> Phases => _phases;

    public IReadOnlyCollection<SuspicionVote> Votes => _votes;

    /// <summary>Ends the current phase now and begins the next.</summary>
    public async Task EndPhaseAsync(string name, string what, DateTimeOffset? faultAt = null, Func<int, bool>? survivors = null, string membership = "–")
    {
        var end = DateTimeOffset.UtcNow;
        var missed = cluster.CountLogged(MissedProbe);
        _phases.Add((new PhaseWindow(name, what, _start, faultAt ?? _start, end, survivors ?? (_ => true), membership), missed - _missedAtStart));
        await RecordVotesAsync();
        (_start, _missedAtStart) = (end, missed);
    }

    /// <summary>Adds the votes the membership table shows now.</summary>
    public async Task RecordVotesAsync()
    {
        foreach (var row in await MembershipTable.ReadAsync(cluster.Database))
        {
            _votes.UnionWith(row.Votes);
        }
    }
}

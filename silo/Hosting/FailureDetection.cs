using System.Globalization;
using Orleans.Configuration;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// How quickly a cluster of silos declares one of its members dead (measured by <c>bench -- failover</c>; figures and
/// the choice in docs/performance.md, "Failover"). Until a dead silo is declared dead the others still route calls to
/// its grains and every such sale waits or queues at its till, so for a loyalty workload the window must be seconds,
/// not the Orleans default of about ten. Orleans' probes adapt their period and timeout to the answers they see
/// (between half and four times <see cref="ProbeTimeout"/>) and extend them while the prober itself is overloaded,
/// and a silo does not vote against one it received any message from within MaxProbeTimeout × the missed-probes limit
/// (Orleans' connection liveness check). That check, not the probes alone, is why busy silos did not suspect each other
/// in the bench; it also means a hung silo that resets no connection may take about 12 s to be declared dead (not measured).
/// </summary>
public static class FailureDetection
{
    /// <summary>The first probe timeout and period: 1 s (Orleans: 5 s); a silo answering fast is probed every 0.5–1 s.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest a probe's timeout and period may grow: 2 s (Orleans: four times <see cref="ProbeTimeout"/>). It also
    /// sets the connection liveness window (this × <see cref="MissedProbesLimit"/> = 6 s): a hung silo that keeps its
    /// connections open is declared dead about that long after its last message, and a silo that pauses for less is
    /// never suspected.
    /// </summary>
    public static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Probes missed in a row before a silo suspects another (the Orleans default).</summary>
    public const int MissedProbesLimit = 3;

    /// <summary>How often a silo re-reads the membership table besides gossip: 10 s (Orleans: 60 s), so a silo that missed a change catches up soon.</summary>
    public static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(10);

    /// <summary>The start banner's line: the failure detection the silo really runs with (its effective options).</summary>
    public static string Describe(ClusterMembershipOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"probes time out after {o.MinProbeTimeout.TotalSeconds:0.#}–{o.MaxProbeTimeout.TotalSeconds:0.#} s, {o.NumMissedProbesLimit} missed in a row to suspect; " +
        $"a silo that hangs with its connections open is declared dead about {(o.MaxProbeTimeout * o.NumMissedProbesLimit).TotalSeconds:0.#} s after its last message; membership re-read every {o.TableRefreshTimeout.TotalSeconds:0.#} s");

    public static ISiloBuilder UseLoyaltyFailureDetection(this ISiloBuilder silo) =>
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = ProbeTimeout;
            o.MaxProbeTimeout = MaxProbeTimeout;
            o.NumMissedProbesLimit = MissedProbesLimit;
            o.TableRefreshTimeout = TableRefresh;
        });
}

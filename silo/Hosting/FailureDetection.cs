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

    /// <summary>Probes missed in a row before a silo suspects another (the Orleans default).</summary>
    public const int MissedProbesLimit = 3;

    /// <summary>How often a silo re-reads the membership table besides gossip: 10 s (Orleans: 60 s), so a silo that missed a change catches up soon.</summary>
    public static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(10);

    public static ISiloBuilder UseLoyaltyFailureDetection(this ISiloBuilder silo) =>
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = ProbeTimeout;
            o.NumMissedProbesLimit = MissedProbesLimit;
            o.TableRefreshTimeout = TableRefresh;
        });
}

namespace RetentionActors.Bench.Profiling;

/// <summary>
/// One measured window's CPU per accrual, by process and, inside this process, by component: the process's CPU divided by
/// the components' shares of the managed-code samples. Native work a component starts (a socket system call, a GC it
/// triggers) shows as a thread outside managed code and is not attributed, so the split is of the managed part, scaled
/// to the whole. GC pauses and JIT are the runtime's own wall-clock figures, shown beside the split, not subtracted: on a
/// loaded machine a wall time exceeds the CPU it stands for.
/// </summary>
public sealed record CpuWindow(long Accruals, long Errors, double Seconds, IReadOnlyDictionary<string, double> MicrosecondsPerAccrual,
    IReadOnlyDictionary<string, double> Shares, long ManagedSamples, long ExternalSamples, string LoadAverage, double ProfiledProcessMicroseconds)
{
    public const string Total = "total (bench process + PostgreSQL)";
    public const string Process = "bench process (load generator + client + silo)";
    public const string Database = "PostgreSQL (postmaster and backends)";
    public const string GcPauses = "GC pauses (wall time, beside the split)";
    public const string Jit = "JIT (wall time, beside the split)";

    /// <summary>
    /// The µs of an unprofiled window (<paramref name="start"/> to <paramref name="end"/>) divided by the shares of the
    /// samples of a profiled one that followed it at the same rate (<paramref name="profiledStart"/> to <paramref name="profiledEnd"/>).
    /// </summary>
    public static CpuWindow From(CpuSnapshot start, CpuSnapshot end, WindowSamples samples, CpuSnapshot profiledStart, CpuSnapshot profiledEnd)
    {
        var accruals = Math.Max(1, end.Accruals - start.Accruals);
        double PerAccrual(TimeSpan time) => time.TotalMicroseconds / accruals;
        var process = end.Process - start.Process;
        var gc = end.GcPause - start.GcPause;
        var jit = end.Jit - start.Jit;
        var perAccrual = new Dictionary<string, double>
        {
            [Total] = PerAccrual(process + end.Database - start.Database),
            [Database] = PerAccrual(end.Database - start.Database),
            [Process] = PerAccrual(process),
            [GcPauses] = PerAccrual(gc),
            [Jit] = PerAccrual(jit),
        };
        var shares = new Dictionary<string, double>();
        var managed = samples.ManagedTotal;
        foreach (var (component, count) in samples.Managed)
        {
            shares[component] = managed == 0 ? 0 : (double)count / managed;
            perAccrual[component] = PerAccrual(process) * shares[component];
        }
        var window = new CpuWindow(end.Accruals - start.Accruals, end.Errors - start.Errors, (end.Utc - start.Utc).TotalSeconds, perAccrual, shares,
            managed, samples.External, end.LoadAverage, 0);
        var profiledProcess = profiledEnd.Process - profiledStart.Process;
        return window with { ProfiledProcessMicroseconds = profiledProcess.TotalMicroseconds / Math.Max(1, profiledEnd.Accruals - profiledStart.Accruals) };
    }
}

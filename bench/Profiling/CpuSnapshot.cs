using RetentionActors.Bench.Load;

namespace RetentionActors.Bench.Profiling;

/// <summary>
/// The counters read at a window's edge: accruals answered, CPU of this process and of PostgreSQL (/proc), the runtime's
/// GC pause and JIT time, and the load average of the machine (others' work inflates everything measured here).
/// </summary>
public sealed record CpuSnapshot(DateTime Utc, long Accruals, long Errors, TimeSpan Process, TimeSpan Database, TimeSpan GcPause, TimeSpan Jit, string LoadAverage)
{
    public static CpuSnapshot Take(CpuMeter cpu, OpenLoop load)
    {
        var (process, database) = cpu.Split();
        return new CpuSnapshot(DateTime.UtcNow, load.Completed, load.Errors, process, database, GC.GetTotalPauseDuration(),
            System.Runtime.JitInfo.GetCompilationTime(), LoadAverageNow());
    }

    private static string LoadAverageNow()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

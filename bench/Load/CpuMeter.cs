namespace RetentionActors.Bench.Load;

/// <summary>
/// CPU time spent on the work: this process (load generator, client and in-process silos) with the
/// children it waited for (pgbench), the silo processes it was told of (<see cref="Including"/>), plus the PostgreSQL
/// server when we know its postmaster. Read from /proc because dotnet-counters is not available here; elsewhere only
/// this process counts.
/// </summary>
public sealed class CpuMeter(int? postmasterPid, IReadOnlyList<int>? siloPids = null)
{
    private const double TicksPerSecond = 100.0; // USER_HZ on Linux

    public bool IncludesDatabase => postmasterPid is not null && OperatingSystem.IsLinux();

    /// <summary>
    /// This meter with silo processes of the bench's own counted too: a child's CPU reaches this process's children time
    /// only once it has exited and been waited for, so a running silo process is read on its own.
    /// </summary>
    public CpuMeter Including(params int[] pids) => new(postmasterPid, [.. siloPids ?? [], .. pids]);

    /// <summary>What the figures' CPU column counts, for their notes.</summary>
    public string Counts => string.Join(" + ", (string[])["bench process", .. siloPids is { Count: > 0 } ? ["silo processes"] : Array.Empty<string>(),
        .. IncludesDatabase ? ["PostgreSQL"] : Array.Empty<string>()]);

    public TimeSpan Now()
    {
        var (process, database) = Split();
        return process + database;
    }

    /// <summary>The same CPU time in two parts: this process (with the children it waited for and the silo processes), and the PostgreSQL server.</summary>
    public (TimeSpan Process, TimeSpan Database) Split()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (Process.GetCurrentProcess().TotalProcessorTime, TimeSpan.Zero);
        }
        var ticks = ProcessTicks("self", withChildren: true) + (siloPids ?? []).Sum(pid => ProcessTicks(pid.ToString(CultureInfo.InvariantCulture), withChildren: false));
        var process = TimeSpan.FromSeconds(ticks / TicksPerSecond);
        return (process, TimeSpan.FromSeconds(DatabaseTicks() / TicksPerSecond));
    }

    private long DatabaseTicks()
    {
        var ticks = 0L;
        if (postmasterPid is { } postmaster)
        {
            // Exited backends are already in the postmaster's children time; live ones are counted one by one.
            ticks += ProcessTicks(postmaster.ToString(CultureInfo.InvariantCulture), withChildren: true);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(directory);
                if (name.All(char.IsAsciiDigit) && Fields(name) is { } fields && fields[1] == postmaster.ToString(CultureInfo.InvariantCulture))
                {
                    ticks += Ticks(fields, withChildren: false);
                }
            }
        }
        return ticks;
    }

    private static long ProcessTicks(string pid, bool withChildren) =>
        Fields(pid) is { } fields ? Ticks(fields, withChildren) : 0;

    // Fields after the command name: [0]=state [1]=ppid ... [11]=utime [12]=stime [13]=cutime [14]=cstime.
    private static long Ticks(string[] fields, bool withChildren)
    {
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return withChildren ? ticks + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture) : ticks;
    }

    /// <summary>The parent process of <paramref name="pid"/> (Linux), or null when it cannot be read.</summary>
    public static int? ParentOf(int pid) =>
        Fields(pid.ToString(CultureInfo.InvariantCulture)) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    private static string[]? Fields(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // the process ended between listing and reading
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

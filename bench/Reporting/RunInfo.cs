using System.Runtime.InteropServices;

namespace RetentionActors.Bench.Reporting;

/// <summary>Where and when a run happened, and from which commit: figures mean nothing without it.</summary>
public sealed record RunInfo(string Date, string Machine, string Os, int Cores, string Cpu, string Runtime, string Commit, string Configuration, string Command, string Postgres)
{
    public static async Task<RunInfo> CollectAsync(string repositoryRoot, string[] args, string postgres)
    {
        var commit = await Git(repositoryRoot, "rev-parse", "--short", "HEAD");
        var dirty = (await Git(repositoryRoot, "status", "--porcelain", "--untracked-files=no")).Length > 0 ? "+uncommitted" : "";
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : RuntimeInformation.ProcessArchitecture.ToString();
#if DEBUG
        const string configuration = "Debug (figures not comparable: use -c Release)";
#else
        const string configuration = "Release";
#endif
        return new RunInfo(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Environment.MachineName,
            RuntimeInformation.OSDescription, Environment.ProcessorCount, cpu, RuntimeInformation.FrameworkDescription, commit + dirty,
            configuration, "dotnet run -c Release --project bench -- " + string.Join(' ', args), postgres);
    }

    private static async Task<string> Git(string root, params string[] arguments)
    {
        try
        {
            return (await RetentionActors.Bench.Postgres.Shell.RunAsync("git", ["-C", root, .. arguments])).Trim();
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}

using RetentionActors.Bench.Profiling;

namespace RetentionActors.Bench.Soak;

/// <summary>
/// The soak's <c>--allocations</c>: an allocation profile of the silo over one window of load (the second: past the
/// start-up's compiling, before the activation collector's first pass), printed per operation by type and by the first of
/// our methods on the allocating stack, so a change that allocates less can be pointed at, not guessed.
/// </summary>
public sealed class AllocationSample(int siloProcessId, string scratch) : IAsyncDisposable
{
    public const int Window = 2;
    private const int Shown = 12;

    private TraceRecording? _profile;
    private int _operations;

    /// <summary>At the end of each window of load: starts the profile as the sampled window begins and stops it as it ends.</summary>
    public async Task WindowEndedAsync(int number, int operations)
    {
        if (number == Window - 1)
        {
            _profile = AllocationProfile.Start(siloProcessId, Path.Combine(scratch, "soak-silo-allocations.nettrace"));
        }
        else if (number == Window && _profile is not null)
        {
            await _profile.StopAsync();
            _operations = operations;
        }
    }

    /// <summary>The lines to print after the load (reading the trace takes a core for some seconds).</summary>
    public async Task<IReadOnlyList<string>> DescribeAsync(string scenario)
    {
        if (_profile is null || _operations == 0)
        {
            return [$"{scenario}: no allocation sample: the load ended before window {Window}"];
        }
        Allocations sampled;
        try
        {
            await _profile.StopAsync();
            sampled = AllocationProfile.Read(_profile.Path);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            // The run's figures stand without it.
            return [$"{scenario}: the allocation sample could not be read: {e.Message}"];
        }
        finally
        {
            File.Delete(_profile.Path);
        }
        var lines = new List<string>
        {
            FormattableString.Invariant(
                $"{scenario}: what the silo allocated in window {Window} (EventPipe allocation ticks, one per about 100 KB): {sampled.Total / 1e6:F1} MB sampled over {_operations:N0} operations, {PerOperation(sampled.Total):F1} KiB per operation"),
        };
        void Table(string title, Dictionary<string, long> bytes)
        {
            lines.Add(FormattableString.Invariant($"  {title,-88} {"KiB/op",7} {"share",6}"));
            foreach (var (name, amount) in bytes.OrderByDescending(b => b.Value).Take(Shown))
            {
                lines.Add(FormattableString.Invariant($"    {Fit(name, 86),-86} {PerOperation(amount),7:F2} {100.0 * amount / sampled.Total,5:F1}%"));
            }
        }
        Table("by type", sampled.ByType);
        Table("by the first of our methods on the allocating stack", sampled.ByOurFrame);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (_profile is not null)
        {
            await _profile.DisposeAsync();
        }
    }

    private double PerOperation(long bytes) => bytes / 1024.0 / _operations;

    private static string Fit(string name, int width) => name.Length <= width ? name : "…" + name[^(width - 1)..];
}

using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Gives the operating system back the memory the garbage collector keeps for later once the silo has gone quiet (a
/// store after closing, a night). The collector returns memory only while it collects, and a quiet silo hardly
/// allocates, so it hardly collects: issue 22's soak saw the resident set stay 55–73 % above its start 5 minutes after
/// the load had stopped and every customer was gone, with a live heap of 68 MiB in 550 MiB. Once a minute this looks at
/// whether the collector ran in that minute and what it has committed beyond what was alive after the last release
/// (dead objects in generation 2 count as held: only a full collection finds them); when it did not run and much is
/// held, it runs one aggressive full collection, which compacts and decommits. A silo taking sales collects every few
/// seconds, so it is never touched (quiet used to mean "allocated under 32 MiB in the minute", and a silo selling 100
/// times a second came under that: it was stopped for 150-270 ms every minute); and it releases again only after the
/// collector has run by itself since (memory was taken and used again).
/// </summary>
public sealed partial class QuietMemoryRelease(ILogger<QuietMemoryRelease> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>Memory held beyond the live heap worth a full collection's pause (tens to a few hundred milliseconds).</summary>
    public const long SlackBytes = 64L << 20;

    /// <summary>
    /// Whether to release now: the collector did not run in the last interval, and it has committed much more than was
    /// alive after the last release (<paramref name="liveBytes"/>; 0 before the first).
    /// </summary>
    public static bool ShouldRelease(bool collectedInInterval, long committedBytes, long liveBytes) =>
        !collectedInInterval && committedBytes - liveBytes > SlackBytes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var lastCollection = GC.GetGCMemoryInfo().Index;
        var (releasedAtCollection, liveAfterRelease) = (-1L, 0L);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var last = GC.GetGCMemoryInfo();
            var collected = last.Index != lastCollection;
            lastCollection = last.Index;
            if (last.Index == releasedAtCollection || !ShouldRelease(collected, last.TotalCommittedBytes, liveAfterRelease))
            {
                continue;
            }
            var residentBefore = Environment.WorkingSet;
            var pause = Stopwatch.StartNew();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var released = GC.GetGCMemoryInfo();
            (releasedAtCollection, liveAfterRelease, lastCollection) = (released.Index, released.HeapSizeBytes, released.Index);
            LogReleased(logger, (residentBefore - Environment.WorkingSet) >> 20, residentBefore >> 20, Environment.WorkingSet >> 20, pause.ElapsedMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The silo was quiet for a minute: released {ReleasedMiB} MiB of memory the collector held (resident {BeforeMiB} MiB → {AfterMiB} MiB; the collection took {Milliseconds} ms)")]
    private static partial void LogReleased(ILogger logger, long releasedMiB, long beforeMiB, long afterMiB, long milliseconds);
}

using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Tests;

/// <summary>The silo gives back the memory its collector holds only when it is quiet and its resident set grew since it last did.</summary>
public sealed class QuietMemoryReleaseTests
{
    private const long MiB = 1 << 20;

    [Theory]
    [InlineData(false, 550, 0, true)] // issue 22's soak after the load (68 MiB alive in 550 MiB), never released yet
    [InlineData(true, 552, 0, false)] // selling 100 times a second (the 30-minute soak): it collects every few seconds
    [InlineData(false, 379, 358, true)] // the soak's idle phase: customers deactivated after the first release
    [InlineData(false, 300, 290, false)] // quiet, and hardly grown since the last release: nothing to gain
    [InlineData(false, 117, 100, true)]
    [InlineData(false, 116, 100, false)]
    public void Releases_when_the_collector_did_not_run_in_the_last_minute_and_the_resident_set_grew_since_the_last_release(
        bool collected, long residentMiB, long residentAfterReleaseMiB, bool release)
    {
        Assert.Equal(release, QuietMemoryRelease.ShouldRelease(collected, residentMiB * MiB, residentAfterReleaseMiB * MiB));
    }
}

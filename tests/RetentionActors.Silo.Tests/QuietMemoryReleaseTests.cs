using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Tests;

/// <summary>The silo gives back the memory its collector holds only when it is quiet and holds much more than was last found alive.</summary>
public sealed class QuietMemoryReleaseTests
{
    private const long MiB = 1 << 20;

    [Theory]
    [InlineData(false, 550, 70, true)] // issue 22's soak after the load: 68 MiB alive in 550 MiB, a silo that only answers probes
    [InlineData(false, 290, 0, true)] // never released yet: everything committed counts as held
    [InlineData(true, 228, 0, false)] // selling 100 times a second (the 30-minute soak): it collects every few seconds
    [InlineData(false, 120, 70, false)] // quiet, but holding little beyond what was alive after the last release: nothing to gain
    [InlineData(false, 165, 100, true)]
    [InlineData(false, 164, 100, false)]
    public void Releases_when_the_collector_did_not_run_in_the_last_minute_and_holds_much_more_than_is_alive(
        bool collected, long committedMiB, long liveMiB, bool release)
    {
        Assert.Equal(release, QuietMemoryRelease.ShouldRelease(collected, committedMiB * MiB, liveMiB * MiB));
    }
}

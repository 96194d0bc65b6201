using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Tests;

/// <summary>The silo gives back the memory its collector holds only when it is quiet and holds much more than was last found alive.</summary>
public sealed class QuietMemoryReleaseTests
{
    private const long MiB = 1 << 20;

    [Theory]
    [InlineData(4, 550, 70, true)] // issue 22's soak after the load: 68 MiB alive in 550 MiB, a silo that only answers probes
    [InlineData(4, 290, 0, true)] // never released yet: everything committed counts as held
    [InlineData(300, 550, 70, false)] // selling: a minute allocates hundreds of MiB, and the collector will reuse what it holds
    [InlineData(4, 120, 70, false)] // quiet, but holding little beyond what was alive after the last release: nothing to gain
    [InlineData(31, 200, 100, true)]
    [InlineData(32, 200, 100, false)]
    [InlineData(4, 164, 100, false)]
    public void Releases_when_the_last_minute_allocated_little_and_the_collector_holds_much_more_than_is_alive(
        long allocatedMiB, long committedMiB, long liveMiB, bool release)
    {
        Assert.Equal(release, QuietMemoryRelease.ShouldRelease(allocatedMiB * MiB, committedMiB * MiB, liveMiB * MiB));
    }
}

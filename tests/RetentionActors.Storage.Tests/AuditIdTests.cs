using RetentionActors.Grains.Audit;

namespace RetentionActors.Storage.Tests;

/// <summary>Audit ids need no coordination between silos: unique when made at the same instant anywhere, ordered by time.</summary>
public sealed class AuditIdTests
{
    [Fact]
    public async Task Ids_made_at_once_on_many_threads_never_collide()
    {
        // Like silos making ids in the same milliseconds: nothing shared between the threads but the clock.
        var made = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 20_000).Select(_ => AuditIntent.NewId()).ToList())));

        var ids = made.SelectMany(batch => batch).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Equal(7, Guid.Parse(id).Version));
    }

    [Fact]
    public void Ids_of_later_milliseconds_sort_after_earlier_ones_as_text()
    {
        var earlier = Guid.CreateVersion7(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero)).ToString("D");
        var later = Guid.CreateVersion7(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 2, TimeSpan.Zero)).ToString("D");

        Assert.True(string.CompareOrdinal(earlier, later) < 0, $"{earlier} should sort before {later}");
    }
}

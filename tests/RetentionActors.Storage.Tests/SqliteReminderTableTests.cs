using Orleans.Runtime;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

public sealed class SqliteReminderTableTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private readonly SqliteReminderTable _table = new(fixture.Database);

    private static ReminderEntry Reminder(GrainId grain, string name, int periodHours = 24) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc),
        Period = TimeSpan.FromHours(periodHours),
    };

    [Fact]
    public async Task Upsert_read_and_remove_follow_etags()
    {
        var grain = GrainId.Create("customer", Guid.NewGuid().ToString("N"));

        var first = await _table.UpsertRow(Reminder(grain, "expiry"));
        var second = await _table.UpsertRow(Reminder(grain, "expiry", periodHours: 12));
        await _table.UpsertRow(Reminder(grain, "birthday"));
        var row = await _table.ReadRow(grain, "expiry");
        var removedWithStaleEtag = await _table.RemoveRow(grain, "expiry", first!);
        var removed = await _table.RemoveRow(grain, "expiry", second!);

        Assert.NotEqual(first, second);
        Assert.NotNull(row);
        Assert.Equal((TimeSpan.FromHours(12), new DateTime(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc)), (row.Period, row.StartAt));
        Assert.Equal(second, row.ETag);
        Assert.False(removedWithStaleEtag);
        Assert.True(removed);
        Assert.Equal(["birthday"], (await _table.ReadRows(grain)).Reminders.Select(r => r.ReminderName));
        Assert.Null(await _table.ReadRow(grain, "expiry"));
    }

    [Fact]
    public async Task Ring_ranges_select_by_grain_hash_including_wrap_around()
    {
        await _table.TestOnlyClearTable();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("customer", $"ring-{i}")).ToList();
        foreach (var grain in grains)
        {
            await _table.UpsertRow(Reminder(grain, "tick"));
        }
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToList();
        var (low, high) = (hashes.Order().ElementAt(10), hashes.Order().ElementAt(30));

        var inside = await _table.ReadRows(low, high);
        var wrapped = await _table.ReadRows(high, low);

        Assert.Equal(hashes.Count(h => h > low && h <= high), inside.Reminders.Count);
        Assert.Equal(hashes.Count(h => h > high || h <= low), wrapped.Reminders.Count);
        Assert.Equal(40, inside.Reminders.Count + wrapped.Reminders.Count);
    }
}

using System.Globalization;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// The home page's figures on a small ledger, as of 2011-03-15 12:00 UTC (so last month is February 2011, the 30-day windows
/// start on 02-13 12:00 and 01-14 12:00, the 90-day ones on 12-15 12:00 and 09-16 12:00):
/// <code>
/// g-1 enrolled 2011-02-10   1 03-14 09:00 purchase +40 card   2 03-15 09:00 purchase +100 card   3 03-15 10:00 redemption -30
///                           4 03-15 10:00 bonus +5            5 03-16 09:00 purchase +7 card (after now: not counted)
/// g-2 enrolled 2011-03-15   1 01-10 purchase +10 card          2 02-20 purchase +60, no card (an import)
/// g-3 enrolled 2010-12-01   1 2010-11-01 purchase +20 card     2 01-20 purchase +30 card   3 02-05 redemption -25   4 03-01 expiry -5
/// </code>
/// </summary>
public abstract class ProgramGlanceContract
{
    protected abstract SqlDatabase Database { get; }

    [Fact]
    public async Task The_glance_counts_days_active_members_and_open_work_from_the_database()
    {
        var ct = TestContext.Current.CancellationToken;
        ICustomerStore store = new SqlCustomerStore(Database);
        await CommitAsync(store, "g-1", "2011-02-10T08:00:00Z",
            Entry(1, EntryKind.Purchase, 40, "2011-03-14T09:00:00Z", "nfc:01"),
            Entry(2, EntryKind.Purchase, 100, "2011-03-15T09:00:00Z", "nfc:01"),
            Entry(3, EntryKind.Redemption, -30, "2011-03-15T10:00:00Z"),
            Entry(4, EntryKind.Bonus, 5, "2011-03-15T10:00:00Z"),
            Entry(5, EntryKind.Purchase, 7, "2011-03-16T09:00:00Z", "nfc:01"));
        await CommitAsync(store, "g-2", "2011-03-15T08:00:00Z",
            Entry(1, EntryKind.Purchase, 10, "2011-01-10T12:00:00Z", "nfc:02"),
            Entry(2, EntryKind.Purchase, 60, "2011-02-20T12:00:00Z"));
        await CommitAsync(store, "g-3", "2010-12-01T08:00:00Z",
            Entry(1, EntryKind.Purchase, 20, "2010-11-01T12:00:00Z", "nfc:03"),
            Entry(2, EntryKind.Purchase, 30, "2011-01-20T12:00:00Z", "nfc:03"),
            Entry(3, EntryKind.Redemption, -25, "2011-02-05T12:00:00Z"),
            Entry(4, EntryKind.Expiry, -5, "2011-03-01T12:00:00Z"));

        var glance = await new SqlProgramGlance(Database).ReadAsync(At("2011-03-15T12:00:00Z"), ct);

        Assert.Equal(new DateOnly(2011, 2, 1), glance.From);
        Assert.Equal(
            [
                new GlanceDay(Day("2011-02-05"), 0, 0, 25, 0),
                new GlanceDay(Day("2011-02-10"), 0, 0, 0, 1),
                new GlanceDay(Day("2011-02-20"), 0, 60, 0, 0),
                new GlanceDay(Day("2011-03-01"), 0, 0, 0, 0),
                new GlanceDay(Day("2011-03-14"), 1, 40, 0, 0),
                new GlanceDay(Day("2011-03-15"), 1, 105, 30, 1),
            ],
            glance.Days);
        Assert.Equal((2L, 1L, 3L, 1L), (glance.Active30Days, glance.Active30DaysBefore, glance.Active90Days, glance.Active90DaysBefore));
        Assert.Equal((0L, 0L, 0L), (glance.OpenDeadLetters, glance.WebhookDeadLetters, glance.FailingWebhooks));
    }

    private static Task CommitAsync(ICustomerStore store, string customerId, string enrolledAt, params LedgerEntry[] entries) =>
        store.CommitAsync(new CustomerCommit(customerId, new CustomerDocument(new(customerId), At(enrolledAt), [], 1), entries, null, null),
            TestContext.Current.CancellationToken);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static LedgerEntry Entry(long seq, EntryKind kind, long points, string at, string? cardId = null) => new()
    {
        Seq = seq,
        Kind = kind,
        Points = points,
        BalanceAfter = 0, // not read by the glance
        IdempotencyKey = "g-" + seq,
        CardId = cardId,
        OccurredAt = At(at),
        RecordedAt = At(at),
    };
}

public sealed class SqliteProgramGlanceTests(SqliteFixture fixture) : ProgramGlanceContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresProgramGlanceTests(PostgresFixture fixture) : ProgramGlanceContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}

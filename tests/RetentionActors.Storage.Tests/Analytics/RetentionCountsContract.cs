using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// Retention keeps the figures of the purchases before a period's closed day and reads them back while no purchase they
/// depend on has been booked late, changed or removed; the customers who bought since are counted each time. Every report
/// equals the definition computed in memory from every ledger row, whichever way its figures were found. Each test asks
/// for a window of days of its own, since figures are kept per period and window.
/// </summary>
public abstract class RetentionCountsContract
{
    protected abstract SqlDatabase Database { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_days_that_are_over_are_counted_once_and_the_customers_who_bought_since_each_time()
    {
        const int window = 200;
        await Purchases.AwayFromMidnightAsync();
        var figures = new SqlRetentionFigures(Database);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Last purchases every nine days back from an hour ago, every other customer buying 200 + i days before too; a
        // refund in the period; and customers who bought in the last two days, which are not over, after a purchase long ago.
        await BuyAsync("kept", 40, i => now.AddDays(-9 * i).AddHours(-1), daysBefore: 200);
        await BuyAsync("recent", 6, i => now.AddHours(-4 - 7 * i), daysBefore: 250);
        await CommitAsync("kept-3", Entry(9, now.AddDays(-20), EntryKind.Refund, -4.25m), existing: true);
        var (from, to) = (today.AddYears(-1), today.AddDays(1));

        var counted = await figures.RetentionAsync(from, to, window, 500m, Ct);
        Assert.False(figures.RetentionKept);
        Assert.Equal(await OldDefinitions.RetentionAsync(Database, from, to, window, 500m), counted);
        Assert.True(counted.CustomersAtStart > 0 && counted.ChurnRate > 0 && counted.RefundAmount > 0, $"{counted}");

        var kept = await figures.RetentionAsync(from, to, window, 500m, Ct);
        Assert.True(figures.RetentionKept);
        Assert.Equal(counted, kept);

        // A customer lost in the period (bought 450 days ago and 225 days ago) buys again now, and a new one buys for the
        // first time: still kept, and the figures move (active at the end, lost, new customers, takings).
        await CommitAsync("kept-25", Entry(5, now.AddMinutes(-5)), existing: true);
        await CommitAsync("first-time", Entry(1, now.AddMinutes(-3)));
        var afterSales = await figures.RetentionAsync(from, to, window, 500m, Ct);
        Assert.True(figures.RetentionKept);
        Assert.Equal(await OldDefinitions.RetentionAsync(Database, from, to, window, 500m), afterSales);
        Assert.NotEqual(kept, afterSales);

        // A till's outbox sends a sale of 100 days ago now: the days that are over are counted again.
        await CommitAsync("late", Entry(1, now.AddDays(-100)));
        var afterLate = await figures.RetentionAsync(from, to, window, 500m, Ct);
        Assert.False(figures.RetentionKept);
        Assert.Equal(await OldDefinitions.RetentionAsync(Database, from, to, window, 500m), afterLate);
        Assert.NotEqual(afterSales, afterLate);
        await figures.RetentionAsync(from, to, window, 500m, Ct);
        Assert.True(figures.RetentionKept);
    }

    [Fact]
    public async Task Figures_kept_on_an_earlier_day_are_moved_on_to_the_closed_day_and_a_changed_amount_counts_them_again()
    {
        const int window = 120;
        await Purchases.AwayFromMidnightAsync();
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await BuyAsync("moved", 30, i => now.AddDays(-2 * i).AddHours(-3), daysBefore: 100);
        var (from, to) = (today.AddDays(-200), today);
        var figures = new SqlRetentionFigures(Database);
        // Kept as a silo would have kept it 20 days ago (its closed day 22 days back): too long ago to move on, counted again.
        await new SqlRetentionFigures(Database) { ClosedDaysEarlier = 20 }.RetentionAsync(from, to, window, null, Ct);
        Assert.Equal(today.AddDays(-22).DayNumber, await ClosedDayKeptAsync(from, to, window));
        await figures.RetentionAsync(from, to, window, null, Ct);
        Assert.False(figures.RetentionKept);

        // Kept as a silo would have kept it 5 days ago (its closed day 7 days back): moved on.
        var earlier = new SqlRetentionFigures(Database) { ClosedDaysEarlier = 5 };
        var then = await earlier.RetentionAsync(from, to, window, null, Ct);
        Assert.False(earlier.RetentionKept); // its row is of a later day
        Assert.Equal(today.AddDays(-7).DayNumber, await ClosedDayKeptAsync(from, to, window));

        var now2 = await figures.RetentionAsync(from, to, window, null, Ct);
        Assert.True(figures.RetentionKept);
        Assert.Equal(then, now2);
        Assert.Equal(await OldDefinitions.RetentionAsync(Database, from, to, window, null), now2);
        Assert.Equal(today.AddDays(-2).DayNumber, await ClosedDayKeptAsync(from, to, window));
        // What was moved on is kept as it is.
        Assert.Equal(now2, await figures.RetentionAsync(from, to, window, null, Ct));
        Assert.True(figures.RetentionKept);
        Assert.Equal(today.AddDays(-2).DayNumber, await ClosedDayKeptAsync(from, to, window));

        // The ledger is append-only today; an amount changed all the same is counted as a change of its month.
        await Database.Writer.WriteAsync(writer => writer.Command("UPDATE ledger SET amount = 99 WHERE customer_id = 'moved-20' AND seq = 1").ExecuteNonQuery());
        var afterChange = await figures.RetentionAsync(from, to, window, null, Ct);
        Assert.False(figures.RetentionKept);
        Assert.Equal(await OldDefinitions.RetentionAsync(Database, from, to, window, null), afterChange);
        Assert.NotEqual(now2.PurchaseAmount, afterChange.PurchaseAmount);
    }

    private Task<int> ClosedDayKeptAsync(DateOnly from, DateOnly to, int window) => Database.ReadAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT closed_day FROM retention_counts WHERE from_day = {from.DayNumber} AND to_day = {to.DayNumber} AND window_days = {window}";
        return Convert.ToInt32(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    });

    [Fact]
    public async Task A_period_that_is_over_and_one_that_is_not_over_at_all_equal_the_definition()
    {
        const int window = 31;
        await Purchases.AwayFromMidnightAsync();
        var figures = new SqlRetentionFigures(Database);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await BuyAsync("over", 30, i => now.AddDays(-60 - 3 * i), daysBefore: 25);
        await BuyAsync("open", 10, i => now.AddHours(-2 - 3 * i), daysBefore: 20);

        foreach (var (from, to) in new[] { (today.AddDays(-140), today.AddDays(-40)), (today.AddDays(-1), today.AddDays(1)) })
        {
            var first = await figures.RetentionAsync(from, to, window, null, Ct);
            Assert.Equal(await OldDefinitions.RetentionAsync(Database, from, to, window, null), first);
            Assert.Equal(first, await figures.RetentionAsync(from, to, window, null, Ct));
            Assert.True(figures.RetentionKept);
            Assert.True(first.Buyers > 0, $"{from}..{to}: {first}");
        }
        // Today with a window of one day: every purchase it reads is after the closed day, and so is the day kept before.
        // Its buyers buy between midnight and now (hours ago may be yesterday), one of them yesterday too.
        var sinceMidnight = now - new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await BuyAsync("today", 6, i => now - sinceMidnight * (i + 1) / 8, daysBefore: 0);
        var (day, next) = (today, today.AddDays(1));
        await new SqlRetentionFigures(Database) { ClosedDaysEarlier = 5 }.RetentionAsync(day, next, 1, null, Ct);
        var today1 = await figures.RetentionAsync(day, next, 1, null, Ct);
        Assert.True(figures.RetentionKept);
        Assert.Equal(await OldDefinitions.RetentionAsync(Database, day, next, 1, null), today1);
        Assert.True(today1.CustomersAtStart > 0 && today1.Buyers > 0, $"{today1}");
    }

    [Fact]
    public async Task A_period_that_is_over_stays_kept_whatever_is_booked_late_after_it()
    {
        await Purchases.AwayFromMidnightAsync();
        var figures = new SqlRetentionFigures(Database);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await BuyAsync("ended", 20, i => now.AddDays(-300 - 5 * i), daysBefore: 60);
        var (from, to) = (today.AddDays(-400), today.AddDays(-250));
        var counted = await figures.RetentionAsync(from, to, 90, null, Ct);

        await CommitAsync("after-it", Entry(1, now.AddDays(-100)));
        Assert.Equal(counted, await figures.RetentionAsync(from, to, 90, null, Ct));
        Assert.True(figures.RetentionKept);
        await CommitAsync("in-it", Entry(1, now.AddDays(-260)));
        var afterLate = await figures.RetentionAsync(from, to, 90, null, Ct);
        Assert.False(figures.RetentionKept);
        Assert.Equal(await OldDefinitions.RetentionAsync(Database, from, to, 90, null), afterLate);
    }

    [Fact]
    public async Task Counting_ahead_keeps_the_retention_pages_default_year_of_today_and_tomorrow()
    {
        await Purchases.AwayFromMidnightAsync();
        var figures = new SqlRetentionFigures(Database);
        var now = DateTimeOffset.UtcNow;
        await BuyAsync("page", 20, i => now.AddDays(-17 * i).AddHours(-1), daysBefore: 300);

        var counted = await figures.CountAheadAsync(DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-3), Ct);
        Assert.NotNull(counted);

        // Today's page (the database's clock is this machine's): read back, and the definition.
        var (from, to) = SqlRetentionFigures.DefaultPeriod(DateOnly.FromDateTime(DateTime.UtcNow));
        var report = await figures.RetentionAsync(from, to, SqlRetentionFigures.DefaultWindowDays, null, Ct);
        Assert.True(figures.RetentionKept);
        Assert.Equal(await OldDefinitions.RetentionAsync(Database, from, to, SqlRetentionFigures.DefaultWindowDays, null), report);
        Assert.Equal(0, (await figures.CountAheadAsync(DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-3), Ct))!.RetentionPeriods);
    }

    [Fact]
    public void The_pages_default_year_is_the_same_date_a_year_before_today_as_the_pages_script_counts_it()
    {
        Assert.Equal((new DateOnly(2025, 12, 6), new DateOnly(2026, 12, 6)), SqlRetentionFigures.DefaultPeriod(new DateOnly(2026, 12, 6)));
        // JavaScript's Date.UTC(2023, 1, 29) is 1 March 2023.
        Assert.Equal((new DateOnly(2023, 3, 1), new DateOnly(2024, 2, 29)), SqlRetentionFigures.DefaultPeriod(new DateOnly(2024, 2, 29)));
    }

    private Task BuyAsync(string prefix, int customers, Func<int, DateTimeOffset> last, int daysBefore) =>
        Purchases.BuyAsync(Database, prefix, customers, last, daysBefore);

    private Task CommitAsync(string customer, LedgerEntry entry, bool existing = false) => Purchases.CommitAsync(Database, customer, entry, existing);

    private static LedgerEntry Entry(int seq, DateTimeOffset at, EntryKind kind = EntryKind.Purchase, decimal amount = 10m) =>
        Purchases.Entry(seq, at, kind, amount);
}

public sealed class SqliteRetentionCountsTests(SqliteFixture fixture) : RetentionCountsContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresRetentionCountsTests(PostgresFixture fixture) : RetentionCountsContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}

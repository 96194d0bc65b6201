using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// Monthly retention and cohorts keep the counts of months that are over and read them back while no purchase they depend
/// on has been booked late, changed or removed; the current month is counted from the ledger each time. Every report
/// equals its old definition (monthly retention: the period query month by month; cohorts: every purchase grouped in
/// memory), whichever way its counts were found. Each test has customers and a year of its own, and monthly retention's
/// tests a window of days of their own, since its counts are kept per window.
/// </summary>
public abstract class ClosedMonthCountsContract
{
    protected abstract SqlDatabase Database { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Months_that_are_over_are_counted_once_and_counted_again_after_a_late_changed_or_removed_purchase()
    {
        const int window = 60;
        var figures = new SqlRetentionFigures(Database);
        var (from, to) = (new DateOnly(2023, 1, 1), new DateOnly(2024, 1, 1));
        await BuyAsync("y23", 40, i => new DateTimeOffset(2023, 1 + i % 12, 1 + i % 27, 10, 0, 0, TimeSpan.Zero), daysBefore: 45);

        var counted = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((0, 13, 0), figures.MonthlySources);
        Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, to, window), counted);

        var kept = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((13, 0, 0), figures.MonthlySources);
        Assert.Equal(counted, kept);

        // A till's outbox sends a sale of 15 June 2023 now: the month starts from June on are counted again.
        await Purchases.CommitAsync(Database, "y23-late", Purchases.Entry(1, new DateTimeOffset(2023, 6, 15, 9, 0, 0, TimeSpan.Zero)));
        var afterLate = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((5, 8, 0), figures.MonthlySources);
        Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, to, window), afterLate);
        Assert.NotEqual(kept, afterLate);

        // The ledger is append-only today; a purchase moved or removed all the same is counted as a change of its months.
        await RunAsync("UPDATE ledger SET occurred_utc = @at WHERE customer_id = 'y23-late'", Database.Utc(new DateTimeOffset(2023, 9, 2, 9, 0, 0, TimeSpan.Zero)));
        var afterMove = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((5, 8, 0), figures.MonthlySources);
        Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, to, window), afterMove);
        await RunAsync("DELETE FROM ledger WHERE customer_id = 'y23-late'");
        var afterRemoval = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((8, 5, 0), figures.MonthlySources);
        Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, to, window), afterRemoval);
    }

    [Fact]
    public async Task The_current_months_are_counted_from_their_windows_and_not_kept()
    {
        const int window = 45;
        var figures = new SqlRetentionFigures(Database);
        await Purchases.AwayFromMidnightAsync();
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await BuyAsync("now", 30, i => now.AddDays(-3 * i).AddHours(-1), daysBefore: 20);
        await BuyAsync("ahead", 1, _ => now.AddDays(10), daysBefore: 40); // a till whose clock runs ten days ahead
        var (from, to) = (today.AddMonths(-5), today.AddDays(1));

        var first = await figures.MonthlyAsync(from, to, window, Ct);
        var (_, counted, fromWindows) = figures.MonthlySources;
        Assert.InRange(fromWindows, 2, 3); // this month's start and the next one's, and last month's in a month's first two days
        Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, to, window), first);
        Assert.Contains(first, m => m.CustomersAtStart > 0 && m.CustomersAtEnd > 0);

        var again = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((counted, 0, fromWindows), figures.MonthlySources);
        Assert.Equal(first, again);
        var ahead = today.AddMonths(4);
        Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, ahead, window), await figures.MonthlyAsync(from, ahead, window, Ct));

        var cohorts = await figures.CohortsAsync(from, to, Ct);
        Assert.Equal(await CohortsInMemoryAsync(from, to), cohorts.Select(Text));
        Assert.True(figures.CohortSources.Open >= 1, $"{figures.CohortSources}");
        Assert.Contains(cohorts, c => c.Buyers.Count > 1 && c.Buyers[^1] > 0);
        var cohortsAgain = await figures.CohortsAsync(from, to, Ct);
        Assert.Equal(0, figures.CohortSources.Counted);
        Assert.Equal(cohorts.Select(Text), cohortsAgain.Select(Text));
    }

    [Fact]
    public async Task Cohort_months_that_are_over_are_counted_once_and_counted_again_after_a_late_purchase()
    {
        var figures = new SqlRetentionFigures(Database);
        var (from, to) = (new DateOnly(2021, 1, 1), new DateOnly(2022, 1, 1));
        await BuyAsync("c21", 60, i => new DateTimeOffset(2021, 1 + i % 12, 1 + i % 27, 10, 0, 0, TimeSpan.Zero).AddDays(i % 5 * 40), daysBefore: 35);

        var counted = await figures.CohortsAsync(from, to, Ct);
        Assert.Equal((0, 12, 0), figures.CohortSources);
        Assert.Equal(await CohortsInMemoryAsync(from, to), counted.Select(Text));

        var kept = await figures.CohortsAsync(from, to, Ct);
        Assert.Equal((12, 0, 0), figures.CohortSources);
        Assert.Equal(counted.Select(Text), kept.Select(Text));

        // A purchase of 20 April 2021 sent now by c21-6, whose one purchase was on 16 August: their cohort moves to April.
        await Purchases.CommitAsync(Database, "c21-6", Purchases.Entry(2, new DateTimeOffset(2021, 4, 20, 9, 0, 0, TimeSpan.Zero)), existing: true);
        var afterLate = await figures.CohortsAsync(from, to, Ct);
        Assert.Equal((3, 9, 0), figures.CohortSources);
        Assert.Equal(await CohortsInMemoryAsync(from, to), afterLate.Select(Text));
        Assert.NotEqual(kept.Select(Text), afterLate.Select(Text));
    }

    [Fact]
    public async Task A_cohort_period_cut_inside_months_counts_the_part_of_its_first_and_last_months()
    {
        var figures = new SqlRetentionFigures(Database);
        // Last purchases every three days from 1 March to 27 August, every other customer buying 40 + i days before too.
        await BuyAsync("c20", 60, i => new DateTimeOffset(2020, 3, 1, 10, 0, 0, TimeSpan.Zero).AddDays(3 * i), daysBefore: 40);
        var (from, to) = (new DateOnly(2020, 3, 10), new DateOnly(2020, 8, 20));

        // Whole months from March to July kept first, so the cut months' parts are counted over kept months too.
        await figures.CohortsAsync(new DateOnly(2020, 3, 1), new DateOnly(2020, 8, 1), Ct);
        var cut = await figures.CohortsAsync(from, to, Ct);

        Assert.Equal(await CohortsInMemoryAsync(from, to), cut.Select(Text));
        Assert.Equal((5, 0, 1), figures.CohortSources);
        Assert.Equal(await CohortsInMemoryAsync(new DateOnly(2020, 3, 1), to), (await figures.CohortsAsync(new DateOnly(2020, 3, 1), to, Ct)).Select(Text));
        Assert.NotEqual(await CohortsInMemoryAsync(new DateOnly(2020, 3, 1), to), cut.Select(Text));
    }

    [Fact]
    public async Task Counting_ahead_keeps_every_month_that_is_over_for_the_default_window_the_windows_asked_for_and_cohorts()
    {
        const int window = 73;
        var figures = new SqlRetentionFigures(Database);
        await Purchases.AwayFromMidnightAsync();
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await BuyAsync("counted-ahead", 30, i => now.AddDays(-7 * i - 3), daysBefore: 50);
        var (from, to) = (new DateOnly(today.Year, today.Month, 1).AddMonths(-6), today.AddDays(1));
        // A report asks for a window of its own, then a purchase of three months ago arrives late: its counts no longer hold.
        await figures.MonthlyAsync(from, to, window, Ct);
        await Purchases.CommitAsync(Database, "counted-ahead-late", Purchases.Entry(1, now.AddDays(-95)));

        var counted = await figures.CountAheadAsync(from, Ct);
        Assert.NotNull(counted);
        Assert.True(counted.MonthStarts > 0 && counted.CohortMonths > 0, $"{counted}");

        // Every report over those months now reads what is kept: only the months not over are counted.
        foreach (var days in new[] { window, SqlRetentionFigures.DefaultWindowDays })
        {
            var monthly = await figures.MonthlyAsync(from, to, days, Ct);
            Assert.Equal(0, figures.MonthlySources.Counted);
            Assert.True(figures.MonthlySources.Kept >= 5, $"{figures.MonthlySources}");
            Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, to, days), monthly);
        }
        var cohorts = await figures.CohortsAsync(from, to, Ct);
        Assert.Equal(0, figures.CohortSources.Counted);
        Assert.Equal(await CohortsInMemoryAsync(from, to), cohorts.Select(Text));
        // And counting ahead again counts nothing.
        Assert.Equal(new CountedAhead(0, 0, 0), await figures.CountAheadAsync(from, Ct));
    }

    // The old definition: every purchase read, the customers whose first purchase is in [from, to) grouped by the month of
    // it, and each cohort's buyers counted per month bought in, up to the month before to.
    private async Task<List<string>> CohortsInMemoryAsync(DateOnly from, DateOnly to)
    {
        var purchases = await Database.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT customer_id, occurred_utc FROM ledger WHERE kind = 'Purchase'";
            var rows = new List<(string Customer, DateTimeOffset At)>();
            await using var row = await command.ExecuteReaderAsync(Ct);
            while (await row.ReadAsync(Ct))
            {
                rows.Add((row.GetString(0), Database.ReadUtc(row, 1)));
            }
            return rows;
        });
        var (start, end) = (new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        static DateOnly MonthOf(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1);
        var cohortOf = purchases.GroupBy(p => p.Customer).Select(g => (Customer: g.Key, First: g.Min(p => p.At)))
            .Where(c => c.First >= start && c.First < end).ToDictionary(c => c.Customer, c => MonthOf(c.First));
        var buyers = purchases.Where(p => p.At < end && cohortOf.ContainsKey(p.Customer))
            .Select(p => (Cohort: cohortOf[p.Customer], Month: MonthOf(p.At), p.Customer)).Distinct()
            .GroupBy(b => (b.Cohort, b.Month)).ToDictionary(g => g.Key, g => g.Count());
        var lastMonth = MonthOf(end.AddDays(-1));
        return [.. cohortOf.Values.Distinct().Order().Select(cohort =>
        {
            var months = new List<int>();
            for (var month = cohort; month <= lastMonth; month = month.AddMonths(1))
            {
                months.Add(buyers.GetValueOrDefault((cohort, month)));
            }
            return $"{cohort:yyyy-MM} {months[0]}: {string.Join(' ', months)}";
        })];
    }

    private static string Text(CohortRow row) => $"{row.Cohort} {row.Customers}: {string.Join(' ', row.Buyers)}";

    private Task BuyAsync(string prefix, int customers, Func<int, DateTimeOffset> last, int daysBefore) =>
        Purchases.BuyAsync(Database, prefix, customers, last, daysBefore);

    private Task RunAsync(string sql, object? at = null) => Database.Writer.WriteAsync(writer =>
    {
        var command = writer.Command(sql);
        if (at is not null)
        {
            command.With("at", at);
        }
        command.ExecuteNonQuery();
    });
}

public sealed class SqliteClosedMonthCountsTests(SqliteFixture fixture) : ClosedMonthCountsContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresClosedMonthCountsTests(PostgresFixture fixture) : ClosedMonthCountsContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();

    [Fact]
    public async Task While_one_silo_counts_ahead_another_skips_its_round()
    {
        var ct = TestContext.Current.CancellationToken;
        var figures = new SqlRetentionFigures(Database);
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-2);
        await using (var other = Database.OpenRead())
        await using (var counting = await other.BeginTransactionAsync(ct))
        {
            await using var take = other.Command(counting, "SELECT pg_advisory_xact_lock(@key)").With("key", SqlRetentionFigures.CountAheadLock);
            await take.ExecuteScalarAsync(ct);
            Assert.Null(await figures.CountAheadAsync(from, ct));
        }
        Assert.NotNull(await figures.CountAheadAsync(from, ct));
    }
}

using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// Monthly retention keeps the counts of months that are over and reads them back while no purchase they depend on has
/// been booked late, changed or removed; the current month is counted from its windows. Every report equals the period
/// query month by month (the old definition), whichever way its counts were found. Each test has customers and a year
/// of its own, and a window of days of its own, since the counts are kept per window.
/// </summary>
public abstract class MonthlyRetentionCountsContract
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
        Assert.Equal(await PeriodByPeriodAsync(figures, from, to, window), counted);

        var kept = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((13, 0, 0), figures.MonthlySources);
        Assert.Equal(counted, kept);

        // A till's outbox sends a sale of 15 June 2023 now: the month starts from June on are counted again.
        await new SqlCustomerStore(Database).CommitAsync([new CustomerCommit("y23-late", Document(), [Entry(1, new DateTimeOffset(2023, 6, 15, 9, 0, 0, TimeSpan.Zero))], null, null)], Ct);
        var afterLate = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((5, 8, 0), figures.MonthlySources);
        Assert.Equal(await PeriodByPeriodAsync(figures, from, to, window), afterLate);
        Assert.NotEqual(kept, afterLate);

        // The ledger is append-only today; a purchase moved or removed all the same is counted as a change of its months.
        await RunAsync("UPDATE ledger SET occurred_utc = @at WHERE customer_id = 'y23-late'", Database.Utc(new DateTimeOffset(2023, 9, 2, 9, 0, 0, TimeSpan.Zero)));
        var afterMove = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((5, 8, 0), figures.MonthlySources);
        Assert.Equal(await PeriodByPeriodAsync(figures, from, to, window), afterMove);
        await RunAsync("DELETE FROM ledger WHERE customer_id = 'y23-late'");
        var afterRemoval = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((8, 5, 0), figures.MonthlySources);
        Assert.Equal(await PeriodByPeriodAsync(figures, from, to, window), afterRemoval);
    }

    [Fact]
    public async Task The_current_months_are_counted_from_their_windows_and_not_kept()
    {
        const int window = 45;
        var figures = new SqlRetentionFigures(Database);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await BuyAsync("now", 30, i => now.AddDays(-3 * i).AddHours(-1), daysBefore: 20);
        var (from, to) = (today.AddMonths(-5), today.AddDays(1));

        var first = await figures.MonthlyAsync(from, to, window, Ct);
        var (_, counted, fromWindows) = figures.MonthlySources;
        Assert.InRange(fromWindows, 2, 3); // this month's start and the next one's, and last month's in a month's first two days
        Assert.Equal(await PeriodByPeriodAsync(figures, from, to, window), first);
        Assert.Contains(first, m => m.CustomersAtStart > 0 && m.CustomersAtEnd > 0);

        var again = await figures.MonthlyAsync(from, to, window, Ct);
        Assert.Equal((counted, 0, fromWindows), figures.MonthlySources);
        Assert.Equal(first, again);
    }

    // The old definition: the period's retention figures, month by month.
    private static async Task<List<RetentionPoint>> PeriodByPeriodAsync(SqlRetentionFigures figures, DateOnly from, DateOnly to, int window)
    {
        var expected = new List<RetentionPoint>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month < to; month = month.AddMonths(1))
        {
            var report = await figures.RetentionAsync(month, month.AddMonths(1), window, null, Ct);
            expected.Add(new RetentionPoint(month, report.RetentionRate, report.ChurnRate, report.CustomersAtStart, report.CustomersAtEnd));
        }
        return expected;
    }

    // Customers prefix-0.. who last bought at last(i), every other one also some days before.
    private Task BuyAsync(string prefix, int customers, Func<int, DateTimeOffset> last, int daysBefore) =>
        new SqlCustomerStore(Database).CommitAsync([.. Enumerable.Range(0, customers).Select(i => new CustomerCommit($"{prefix}-{i}", Document(),
            i % 2 == 0 ? [Entry(1, last(i))] : [Entry(1, last(i).AddDays(-daysBefore - i)), Entry(2, last(i))], null, null))], Ct);

    private static CustomerDocument Document() =>
        new(new CustomerProfile("M"), new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), [], 1);

    private static LedgerEntry Entry(int seq, DateTimeOffset at) => new()
    {
        Seq = seq,
        Kind = EntryKind.Purchase,
        Points = 10,
        Amount = 10m,
        BalanceAfter = 10 * seq,
        IdempotencyKey = $"m-{seq}",
        OccurredAt = at,
        RecordedAt = at,
    };

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

public sealed class SqliteMonthlyRetentionCountsTests(SqliteFixture fixture) : MonthlyRetentionCountsContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresMonthlyRetentionCountsTests(PostgresFixture fixture) : MonthlyRetentionCountsContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}

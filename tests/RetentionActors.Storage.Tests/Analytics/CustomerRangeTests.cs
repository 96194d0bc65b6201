using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// Retention, monthly retention and cohorts read in customer ranges at once give the figures of one pass over everyone:
/// every customer is in exactly one range, and each range's counts add up.
/// </summary>
public sealed class CustomerRangeTests(PostgresAnalyticsFixture fixture) : IClassFixture<PostgresAnalyticsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_histogram_is_cut_at_evenly_spaced_ids_and_the_ranges_cover_everyone()
    {
        var ranges = CustomerRange.Cut(["a", "b", "c", "d", "e"], 3);

        Assert.Equal([new CustomerRange(null, "b"), new CustomerRange("b", "c"), new CustomerRange("c", null)], ranges);
        Assert.Equal(CustomerRange.Everyone, CustomerRange.Cut(["a", "b", "c"], 1));
        Assert.Equal(CustomerRange.Everyone, CustomerRange.Cut(["a"], 3));
        Assert.Equal([new CustomerRange(null, "a"), new CustomerRange("a", null)], CustomerRange.Cut(["a", "a", "a"], 3));
    }

    [Fact]
    public async Task Every_customer_of_the_ledger_is_in_exactly_one_range()
    {
        var database = await AnalyzedAsync();

        var (customers, inRanges, ranges) = await database.ReadAsync(async connection =>
        {
            await using var snapshot = database.BeginSnapshot(connection);
            var ranges = await CustomerRange.SplitAsync(database, connection, snapshot, 0, Ct);
            var inRanges = 0L;
            foreach (var range in ranges)
            {
                await using var count = range.BindTo(connection.CreateCommand());
                count.Transaction = snapshot;
                count.CommandText = $"SELECT COUNT(DISTINCT customer_id) FROM ledger WHERE {range.Condition("customer_id")}";
                inRanges += Convert.ToInt64(await count.ExecuteScalarAsync(Ct));
            }
            await using var all = connection.CreateCommand();
            all.Transaction = snapshot;
            all.CommandText = "SELECT COUNT(DISTINCT customer_id) FROM ledger";
            return (Convert.ToInt64(await all.ExecuteScalarAsync(Ct)), inRanges, ranges.Count);
        });

        Assert.True(ranges > 1, $"{ranges} range(s)");
        Assert.Equal(customers, inRanges);
    }

    [Fact]
    public async Task The_glance_read_in_ranges_equals_the_glance_read_whole()
    {
        var database = await AnalyzedAsync();
        var now = new DateTimeOffset(2016, 12, 15, 12, 0, 0, TimeSpan.Zero);

        var split = await new SqlProgramGlance(database, splitFromRows: 0).ReadAsync(now, Ct);
        var whole = await new SqlProgramGlance(database, splitFromRows: long.MaxValue).ReadAsync(now, Ct);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(whole), System.Text.Json.JsonSerializer.Serialize(split));
        Assert.True(whole.Active90Days > 0, $"{whole}");
    }

    [Fact]
    public async Task The_reports_read_in_ranges_equal_the_reports_read_whole()
    {
        var database = await AnalyzedAsync();
        // Split in customer ranges, and monthly retention counted a boundary per pass (a pass per ledger row).
        var split = new SqlRetentionFigures(database, splitFromRows: 0, rowsPerPass: 1);
        var whole = new SqlRetentionFigures(database, splitFromRows: long.MaxValue);
        var (from, to) = (new DateOnly(2014, 11, 17), new DateOnly(2017, 3, 2));

        var wholeRetention = await whole.RetentionAsync(new DateOnly(2016, 7, 1), new DateOnly(2017, 1, 1), 365, 1000m, Ct);
        await ForgetKeptCountsAsync(database);
        Assert.Equal(wholeRetention, await split.RetentionAsync(new DateOnly(2016, 7, 1), new DateOnly(2017, 1, 1), 365, 1000m, Ct));
        Assert.False(split.RetentionKept);
        Assert.True(split.Parts > 1, $"read in {split.Parts} part(s)");
        Assert.Equal(1, whole.Parts);
        foreach (var windowDays in new[] { 1, 30, 45, 365 })
        {
            // Each counted from the ledger, not read back from the counts the other kept.
            await ForgetKeptCountsAsync(database);
            var wholeMonths = await whole.MonthlyAsync(from, to, windowDays, Ct);
            await ForgetKeptCountsAsync(database);
            Assert.Equal(wholeMonths, await split.MonthlyAsync(from, to, windowDays, Ct));
            Assert.Equal(0, split.MonthlySources.Kept);
            Assert.True(split.MonthlyPasses > 1, $"{split.MonthlyPasses} pass(es)");
            Assert.Equal(1, whole.MonthlyPasses);
        }
        await ForgetKeptCountsAsync(database);
        var expected = await whole.CohortsAsync(from, to, Ct);
        await ForgetKeptCountsAsync(database);
        var cohorts = await split.CohortsAsync(from, to, Ct);
        Assert.Equal(0, split.CohortSources.Kept);
        Assert.Equal(expected.Select(Text), cohorts.Select(Text));
        Assert.True(split.Parts > 1, $"read in {split.Parts} part(s)");
    }

    // The ranges are cut at the ledger's statistics, which a test database has only once analysed.
    private async Task<SqlDatabase> AnalyzedAsync()
    {
        var database = fixture.Database;
        await database.ReadAsync(async connection =>
        {
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE ledger";
            await analyze.ExecuteNonQueryAsync(Ct);
            return true;
        });
        return database;
    }

    private static Task ForgetKeptCountsAsync(SqlDatabase database) =>
        database.Writer.WriteAsync(writer =>
        {
            writer.Command("DELETE FROM monthly_retention_counts").ExecuteNonQuery();
            writer.Command("DELETE FROM cohort_counts").ExecuteNonQuery();
            writer.Command("DELETE FROM retention_counts").ExecuteNonQuery();
        });

    private static string Text(CohortRow row) => $"{row.Cohort} {row.Customers}: {string.Join(' ', row.Buyers)}";
}

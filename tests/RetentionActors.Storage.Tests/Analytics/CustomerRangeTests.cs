using RetentionActors.Storage.Analytics;

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
    public async Task The_reports_read_in_ranges_equal_the_reports_read_whole()
    {
        var database = fixture.Database;
        await database.ReadAsync(async connection =>
        {
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE ledger";
            await analyze.ExecuteNonQueryAsync(Ct);
            return true;
        });
        var split = new SqlRetentionFigures(database, splitFromRows: 0);
        var whole = new SqlRetentionFigures(database, splitFromRows: long.MaxValue);
        var (from, to) = (new DateOnly(2014, 11, 17), new DateOnly(2017, 3, 2));

        Assert.Equal(await whole.RetentionAsync(new DateOnly(2016, 7, 1), new DateOnly(2017, 1, 1), 365, 1000m, Ct),
            await split.RetentionAsync(new DateOnly(2016, 7, 1), new DateOnly(2017, 1, 1), 365, 1000m, Ct));
        Assert.True(split.Parts > 1, $"read in {split.Parts} part(s)");
        Assert.Equal(1, whole.Parts);
        foreach (var windowDays in new[] { 1, 30, 45, 365 })
        {
            Assert.Equal(await whole.MonthlyAsync(from, to, windowDays, Ct), await split.MonthlyAsync(from, to, windowDays, Ct));
        }
        var cohorts = await split.CohortsAsync(from, to, Ct);
        var expected = await whole.CohortsAsync(from, to, Ct);
        Assert.Equal(expected.Select(Text), cohorts.Select(Text));
        Assert.True(split.Parts > 1, $"read in {split.Parts} part(s)");
    }

    private static string Text(CohortRow row) => $"{row.Cohort} {row.Customers}: {string.Join(' ', row.Buyers)}";
}

using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// Each back-office report and list against <see cref="AnalyticsPopulation.Customers"/> customers: it gives the figures
/// of the old in-memory definitions (<see cref="OldDefinitions"/>), and the rows it hands to the silo are a bounded
/// number (aggregates, one page) or come one at a time (streamed), never every customer at once.
/// </summary>
public abstract class BackOfficeQueriesContract
{
    protected abstract SqlDatabase Database { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    // The closed day, the late changes it depends on, and the kept figures if any; then counted: one pass for the windows
    // and the period's purchases (one row per customer range), one each for the takings and the new customers; the refunds.
    public async Task Retention_reads_a_few_aggregate_rows()
    {
        var figures = new SqlRetentionFigures(Database);
        var (from, to) = (new DateOnly(2016, 7, 1), new DateOnly(2017, 1, 1));

        // A window of days of its own: no other test keeps this period's figures.
        var report = await figures.RetentionAsync(from, to, 366, 1000m, Ct);

        Assert.True(report.CustomersAtEnd > 1000, $"{report}");
        Assert.False(figures.RetentionKept);
        Assert.Equal(5 + figures.Parts, figures.Rows.Rows);
        var before = figures.Rows.Rows;
        Assert.Equal(report, await figures.RetentionAsync(from, to, 366, 1000m, Ct));
        Assert.True(figures.RetentionKept);
        Assert.Equal(4, figures.Rows.Rows - before);
    }

    [Fact]
    // A row for the clock, one per month of the ledger with late purchases (all 40 here: the population was written
    // after the fact), and per boundary at most one each of its kept counts, its changes and its first purchases.
    public async Task Monthly_retention_reads_a_few_rows_a_month_however_many_customers()
    {
        var figures = new SqlRetentionFigures(Database);

        var months = await figures.MonthlyAsync(new DateOnly(2016, 1, 1), new DateOnly(2017, 1, 1), 365, Ct);

        Assert.Equal(12, months.Count);
        Assert.True(months[^1].CustomersAtStart > 1000, $"{months[^1]}");
        Assert.InRange(figures.Rows.Rows, 1, 1 + 40 + 3 * 13);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(29)]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(45)]
    [InlineData(365)]
    public async Task Monthly_retention_gives_each_months_figures_of_the_period_query(int windowDays)
    {
        var figures = new SqlRetentionFigures(Database);
        var from = new DateOnly(2014, 11, 17);
        var to = new DateOnly(2017, 3, 2);

        var months = await figures.MonthlyAsync(from, to, windowDays, Ct);

        Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, to, windowDays), months);
        Assert.Contains(months, m => m.ChurnRate is > 0 and < 100);
    }

    [Fact]
    // The first month already has active customers, so every month's figures carry the changes from before it.
    public async Task Monthly_retention_starting_amid_active_customers_gives_each_months_figures_of_the_period_query()
    {
        var figures = new SqlRetentionFigures(Database);
        var (from, to) = (new DateOnly(2016, 6, 10), new DateOnly(2016, 10, 2));

        var months = await figures.MonthlyAsync(from, to, 90, Ct);

        Assert.Equal(await OldDefinitions.MonthlyAsync(Database, from, to, 90), months);
        Assert.True(months[0].CustomersAtStart > 0, $"{months[0]}");
    }

    [Fact]
    // A row per cohort and month with buyers, and a row for the clock and per month of the ledger with late purchases (all
    // 40 here: the population was written after the fact).
    public async Task Cohorts_read_a_row_per_cohort_and_month_and_a_few_more()
    {
        var figures = new SqlRetentionFigures(Database);

        var cohorts = await figures.CohortsAsync(new DateOnly(2015, 1, 1), new DateOnly(2017, 3, 1), Ct);

        Assert.Equal(AnalyticsPopulation.Customers - AnalyticsPopulation.Customers / 50, cohorts.Sum(c => c.Customers));
        var cells = cohorts.Sum(c => c.Buyers.Count(b => b > 0));
        Assert.InRange(figures.Rows.Rows, cells, cells + 1 + 40);
        Assert.InRange(cells, 1, 26 * 27 / 2);
    }

    [Fact]
    public async Task Rfm_gives_the_old_definitions_scores_and_segments_reading_customers_one_at_a_time()
    {
        var (segments, customers) = OldDefinitions.Rfm(await OldDefinitions.TotalsAsync(Database), AnalyticsPopulation.Now);
        var rfm = new SqlRfmSegments(Database);

        await using var reading = await rfm.ReadAsync(AnalyticsPopulation.Now, Ct);
        var enumerator = reading.Customers.GetAsyncEnumerator(Ct);
        Assert.True(await enumerator.MoveNextAsync());

        Assert.Equal(reading.Segments.Count + 1, rfm.Rows.Rows); // the counts, and the one customer read so far
        var read = new List<RfmCustomer> { enumerator.Current };
        while (await enumerator.MoveNextAsync())
        {
            read.Add(enumerator.Current);
        }
        await enumerator.DisposeAsync();
        Assert.Equal(segments, reading.Segments.Select(s => (s.Segment, s.Customers)));
        Assert.Equal(customers, read.Select(c => new OldDefinitions.Scored(c.CustomerId, c.DisplayName, c.RecencyDays, c.Frequency, c.Monetary, c.R, c.F, c.M, c.Segment)));
        Assert.True(segments.Count >= 4, "the population reaches most segments");
    }

    [Fact]
    public async Task A_segments_members_are_read_up_to_the_limit()
    {
        var (_, customers) = OldDefinitions.Rfm(await OldDefinitions.TotalsAsync(Database), AnalyticsPopulation.Now);
        var rfm = new SqlRfmSegments(Database);

        var members = await rfm.MembersAsync("Champions", 20, Ct);

        Assert.Equal(customers.Where(c => c.Segment == "Champions").Select(c => c.CustomerId).Take(20), members);
        Assert.Equal(20, rfm.Rows.Rows);
    }

    [Fact]
    public async Task Rfm_counts_are_the_old_definitions_counts_in_one_row_a_segment()
    {
        var (segments, _) = OldDefinitions.Rfm(await OldDefinitions.TotalsAsync(Database), AnalyticsPopulation.Now);
        var rfm = new SqlRfmSegments(Database);

        var counts = await rfm.CountsAsync(Ct);

        Assert.Equal(segments, counts.Select(s => (s.Segment, s.Customers)));
        Assert.Equal(counts.Count, rfm.Rows.Rows);
    }

    [Fact]
    public async Task A_segments_pages_give_its_customers_with_the_old_scores_by_id_a_page_of_rows_each()
    {
        var (_, customers) = OldDefinitions.Rfm(await OldDefinitions.TotalsAsync(Database), AnalyticsPopulation.Now);
        var rfm = new SqlRfmSegments(Database);
        var expected = customers.Where(c => c.Segment == "At risk").ToList();

        var read = new List<RfmCustomer>();
        string? after = null;
        for (var page = 1; ; page++)
        {
            var customersPage = await rfm.SegmentPageAsync("At risk", after, 97, AnalyticsPopulation.Now, Ct);
            Assert.InRange(rfm.Rows.Rows, 0, 97 * page);
            read.AddRange(customersPage);
            if (customersPage.Count < 97)
            {
                break;
            }
            after = customersPage[^1].CustomerId;
        }

        Assert.True(expected.Count > 97 * 2, $"{expected.Count} at risk: more than two pages");
        Assert.Equal(expected, read.Select(c => new OldDefinitions.Scored(c.CustomerId, c.DisplayName, c.RecencyDays, c.Frequency, c.Monetary, c.R, c.F, c.M, c.Segment)));
    }

    [Theory]
    [InlineData(DormantOrder.Spend)]
    [InlineData(DormantOrder.Recency)]
    public async Task The_dormant_list_by_cursor_gives_the_sorted_list_reading_one_page_of_rows_a_page(DormantOrder order)
    {
        var cutoff = AnalyticsPopulation.Now.AddDays(-400);
        var all = OldDefinitions.Dormant(await OldDefinitions.TotalsAsync(Database), cutoff, order == DormantOrder.Recency);
        var dormant = new SqlDormantCustomers(Database);

        var read = new List<DormantCustomer>();
        DormantCursor? after = null;
        do
        {
            var before = dormant.Rows.Rows;
            var page = await dormant.PageAfterAsync(cutoff, AnalyticsPopulation.Now, order, after, 89, Ct);
            Assert.InRange(dormant.Rows.Rows - before, 0, 89);
            read.AddRange(page.Customers);
            // Through its text, as the API hands it over.
            after = page.Next is { } next && DormantCursor.TryParse(next.Encode(), order, out var parsed) ? parsed : null;
        }
        while (after is not null);

        Assert.Equal(all.Select(t => (t.CustomerId, t.LastPurchase, t.Purchases, t.Spend)),
            read.Select(d => (d.CustomerId, (DateTimeOffset?)d.LastPurchase, d.Purchases, d.LifetimeSpend)));
    }

    [Fact]
    public async Task Nps_reads_one_row_per_month_and_counts_every_answer()
    {
        var answers = Enumerable.Range(0, AnalyticsPopulation.Customers).SelectMany(AnalyticsPopulation.Answers).ToList();
        var expected = answers.GroupBy(a => new DateOnly(a.At.UtcDateTime.Year, a.At.UtcDateTime.Month, 1)).OrderBy(g => g.Key)
            .Select(g => new NpsMonthCount(g.Key, g.Count(), g.Count(a => a.Score >= 9), g.Count(a => a.Score <= 6)));
        var nps = new SqlNpsAnswers(Database);

        var months = await nps.MonthsAsync(Ct);

        Assert.Equal(expected, months);
        Assert.Equal(months.Count, nps.Rows.Rows);
    }

    [Theory]
    [InlineData(DormantOrder.Spend)]
    [InlineData(DormantOrder.Recency)]
    public async Task The_dormant_list_is_sorted_and_paged_by_the_database(DormantOrder order)
    {
        var cutoff = AnalyticsPopulation.Now.AddDays(-400);
        var all = OldDefinitions.Dormant(await OldDefinitions.TotalsAsync(Database), cutoff, order == DormantOrder.Recency);
        var dormant = new SqlDormantCustomers(Database);

        var page = await dormant.PageAsync(cutoff, AnalyticsPopulation.Now, order, 100, 50, Ct);

        Assert.True(all.Count > 1000, $"{all.Count} dormant");
        Assert.Equal(all.Skip(100).Take(50).Select(t => (t.CustomerId, t.LastPurchase, t.Purchases, t.Spend, (int)(AnalyticsPopulation.Now - t.LastPurchase!.Value).TotalDays)),
            page.Select(d => (d.CustomerId, (DateTimeOffset?)d.LastPurchase, d.Purchases, d.LifetimeSpend, d.DaysSince)));
        Assert.Equal(50, dormant.Rows.Rows);
    }

    [Fact]
    public async Task Win_back_status_reads_one_row_per_coupon_with_its_use_from_the_coupons_stored_state()
    {
        var winBacks = new SqlWinBackStore(Database);

        var status = await winBacks.StatusAsync("q-campaign", 10_000, Ct);

        Assert.Equal(AnalyticsPopulation.WinBackCustomers, status.Select(s => s.CustomerId));
        Assert.Equal([true, false, false, false, false], status.Select(s => s.CouponUsed));
        // q-0001 to q-0005 last bought on 2016-01-02 to 01-06 (and never after the coupon of 2016-06-01).
        Assert.All(status, s => Assert.False(s.CameBack));
        Assert.Equal(status.Count, winBacks.Rows.Rows);
    }

    [Fact]
    public async Task The_customers_export_hands_over_one_customer_at_a_time_with_the_old_totals()
    {
        var totals = await OldDefinitions.TotalsAsync(Database);
        var exports = new SqlCsvExports(Database);

        var enumerator = exports.CustomersAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal(1, exports.Rows.Rows);
        var rows = new List<CustomerExportRow> { enumerator.Current };
        while (await enumerator.MoveNextAsync())
        {
            rows.Add(enumerator.Current);
        }
        await enumerator.DisposeAsync();

        Assert.Equal(totals, rows.Select(r => new OldDefinitions.Totals(r.CustomerId, r.DisplayName, r.FirstPurchase, r.LastPurchase, r.Purchases, r.Spend)));
        Assert.Equal("q0@example.com", rows[0].Email);
    }

    [Fact]
    public async Task The_ledger_export_hands_over_one_entry_at_a_time()
    {
        var exports = new SqlCsvExports(Database);

        await using var enumerator = exports.LedgerAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.True(await enumerator.MoveNextAsync());

        Assert.Equal(1, exports.Rows.Rows);
        Assert.Equal("q-0000,1,Purchase", string.Join(',', enumerator.Current[..3]));
        Assert.Equal(exports.LedgerColumns.Count, enumerator.Current.Length);
    }
}

public sealed class SqliteBackOfficeQueriesTests(SqliteAnalyticsFixture fixture) : BackOfficeQueriesContract, IClassFixture<SqliteAnalyticsFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresBackOfficeQueriesTests(PostgresAnalyticsFixture fixture) : BackOfficeQueriesContract, IClassFixture<PostgresAnalyticsFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

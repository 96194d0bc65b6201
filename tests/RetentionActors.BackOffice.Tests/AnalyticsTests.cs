using System.Text.Json;
using RetentionActors.Contracts.Customers;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// The retention figures against a dataset small enough to compute by hand. It lives in 2010–2012,
/// years no other test writes, so the figures are exactly these whatever else the silo holds.
/// </summary>
public sealed class AnalyticsTests(BackOfficeSilo silo)
{
    // Period [2012-01-01, 2012-07-01): 182 days. Window 365 days:
    //   S window [2011-01-01, 2012-01-01), E window [2011-07-02, 2012-07-01) (2012 is a leap year).
    internal static readonly string[] Dataset =
    [
        "an-1,an-r1,s1,2011-03-01T10:00:00Z,100,purchase,",   // a1: in S
        "an-1,an-r2,s1,2012-02-01T10:00:00Z,50,purchase,",    //     in period, in E
        "an-1,an-r3,s1,2012-03-01T10:00:00Z,70,purchase,",    //     second purchase in period: a repeater
        "an-2,an-r4,s1,2011-06-01T10:00:00Z,40,purchase,",    // a2: in S, not in E (before 2011-07-02): churned
        "an-3,an-r5,s1,2012-04-10T10:00:00Z,30,purchase,",    // a3: new in period
        "an-3,an-r6,s1,2012-04-20T10:00:00Z,10,refund,an-r5", //     refund of 10 in period
        "an-4,an-r7,s1,2011-12-15T10:00:00Z,200,purchase,",   // a4: in S
        "an-4,an-r8,s1,2012-05-05T10:00:00Z,20,purchase,",    //     in period, in E
        "an-5,an-r9,s1,2012-06-30T23:59:59Z,60,purchase,",    // a5: new, last second of the period
        "an-6,an-r10,s1,2012-07-01T00:00:00Z,500,purchase,",  // a6: first instant after the period: nowhere
        "an-7,an-r11,s1,2010-12-31T23:59:59Z,80,purchase,",   // a7: just before the S window: nowhere
    ];

    [Fact]
    public async Task Retention_figures_match_the_hand_computed_dataset()
    {
        using var admin = silo.Admin();
        var import = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(Dataset), Ct));
        Assert.Equal(0, import.GetProperty("errors").GetArrayLength());

        var r = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync(
            "/api/analytics/retention?from=2012-01-01&to=2012-07-01&windowDays=365&marketingSpend=1000", Ct));

        Assert.Equal(3, r.GetProperty("customersAtStart").GetInt32());   // a1, a2, a4
        Assert.Equal(4, r.GetProperty("customersAtEnd").GetInt32());     // a1, a3, a4, a5
        Assert.Equal(2, r.GetProperty("newCustomers").GetInt32());       // a3, a5
        Assert.Equal(66.6667, r.GetProperty("retentionRate").GetDouble(), 4);      // (4 − 2) / 3
        Assert.Equal(33.3333, r.GetProperty("churnRate").GetDouble(), 4);          // a2 / 3
        Assert.Equal(25, r.GetProperty("repeatPurchaseRate").GetDouble(), 4);      // a1 of a1, a3, a4, a5
        Assert.Equal(44, r.GetProperty("averageCheck").GetDouble(), 4);            // (50 + 70 + 30 + 20 + 60 − 10) / 5
        Assert.Equal(1.25, r.GetProperty("purchaseFrequency").GetDouble(), 4);     // 5 / 4
        Assert.Equal(500, r.GetProperty("cac").GetDouble(), 4);                    // 1000 / 2
        // a = 1 − (2/3)^(365/182) = 0.556545; lifetime = 1/a = 1.796801 years;
        // clv = 44 × 1.25 × (365/182) × 1.796801 = 198.1911
        Assert.Equal(198.1911, r.GetProperty("clv").GetDouble(), 3);
    }

    [Fact]
    public async Task Rates_with_a_zero_denominator_are_null_and_lifetime_is_capped_at_ten_years()
    {
        using var admin = silo.Admin();
        // 2005: no purchases at all; every rate has a zero denominator.
        var empty = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/analytics/retention?from=2005-01-01&to=2005-02-01", Ct));
        foreach (var rate in new[] { "retentionRate", "churnRate", "repeatPurchaseRate", "averageCheck", "purchaseFrequency", "cac", "clv" })
        {
            Assert.Equal(JsonValueKind.Null, empty.GetProperty(rate).ValueKind);
        }

        // 2007: one customer buying in both years: churn 0, so a = 0 and the lifetime is 10 years.
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(
            "an0-1,an0-r1,s1,2006-06-01T00:00:00Z,10,purchase,",
            "an0-1,an0-r2,s1,2007-03-01T00:00:00Z,20,purchase,"), Ct));
        var kept = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/analytics/retention?from=2007-01-01&to=2008-01-01&windowDays=365", Ct));
        Assert.Equal(0, kept.GetProperty("churnRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("cac").ValueKind); // no marketing spend given
        Assert.Equal(20 * 1 * 1 * 10, kept.GetProperty("clv").GetDouble(), 4);
    }

    [Fact]
    public async Task Cohorts_show_the_share_of_each_first_purchase_month_that_bought_again()
    {
        using var admin = silo.Admin();
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(
            "co-1,co-r1,s1,2009-01-05T00:00:00Z,10,purchase,",
            "co-2,co-r2,s1,2009-01-20T00:00:00Z,10,purchase,",
            "co-1,co-r3,s1,2009-02-05T00:00:00Z,10,purchase,",
            "co-1,co-r4,s1,2009-03-05T00:00:00Z,10,purchase,",
            "co-2,co-r5,s1,2009-03-06T00:00:00Z,10,purchase,",
            "co-3,co-r6,s1,2009-02-10T00:00:00Z,10,purchase,"), Ct));
        var cohorts = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/analytics/cohorts?from=2009-01-01&to=2009-04-01", Ct));
        var rows = cohorts.EnumerateArray().ToList();
        Assert.Equal(["2009-01", "2009-02"], rows.Select(r => r.GetProperty("cohort").GetString()));
        Assert.Equal(2, rows[0].GetProperty("customers").GetInt32());
        Assert.Equal([100.0, 50.0, 100.0], rows[0].GetProperty("share").EnumerateArray().Select(s => s.GetDouble()));
        Assert.Equal([100.0, 0.0], rows[1].GetProperty("share").EnumerateArray().Select(s => s.GetDouble()));
        var monthly = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/analytics/retention/monthly?from=2009-01-01&to=2009-04-01&windowDays=31", Ct));
        Assert.Equal(3, monthly.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/analytics/retention")]
    [InlineData("/api/analytics/retention?from=2012-07-01&to=2012-01-01")]
    [InlineData("/api/analytics/retention?from=2012-01-01&to=2012-13-01")]
    [InlineData("/api/analytics/retention?from=2012-01-01&to=2012-07-01&windowDays=0")]
    [InlineData("/api/analytics/retention?from=2012-01-01&to=2012-07-01&marketingSpend=-1")]
    [InlineData("/api/analytics/retention?from=2012-01-01&to=2012-07-01&marketingSpend=1,5")]
    [InlineData("/api/analytics/retention?from=2012-01-01&to=2012-07-01&marketingSpend=1e3")]
    [InlineData("/api/analytics/cohorts?from=01/01/2012&to=2012-07-01")]
    [InlineData("/api/analytics/retention/monthly?from=1990-01-01&to=2012-07-01")]
    public async Task Bad_parameters_are_validation_problems(string path)
    {
        using var analyst = silo.Analyst();
        var response = await analyst.GetAsync(path, Ct);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Nps_counts_promoters_less_detractors_over_all_answers()
    {
        var grains = await silo.GrainsAsync();
        var before = await NpsAsync();
        // In a month of this class's own years: the back-office walk records an answer in the current month meanwhile.
        var at = new DateTimeOffset(2008, 5, 15, 12, 0, 0, TimeSpan.Zero);
        foreach (var (id, score) in new[] { ("nps-1", 10), ("nps-2", 9), ("nps-3", 3), ("nps-4", 8) })
        {
            await grains.GetGrain<ICustomerGrain>(id).EnrollAsync(new CustomerProfile("Nps " + id));
            await grains.GetGrain<ICustomerGrain>(id).RecordFeedbackAsync(new Feedback("kiosk-" + id, score, at, "s1"));
        }

        var after = await NpsAsync();

        // Two promoters, one passive, one detractor: (2 − 1) / 4 = 25, in a month that had no answers before.
        Assert.DoesNotContain(before.Months, m => m.Month == new DateOnly(2008, 5, 1));
        var month = after.Months.Single(m => m.Month == new DateOnly(2008, 5, 1));
        Assert.Equal((4, 2, 1, 1, 25.0), (month.Answers, month.Promoters, month.Passives, month.Detractors, month.Nps));
        Assert.True(after.Answers >= before.Answers + 4, $"{after.Answers} answers after, {before.Answers} before");
    }

    private async Task<RetentionActors.Silo.Reports.NpsReport> NpsAsync()
    {
        using var analyst = silo.Analyst();
        return await BackOfficeSilo.ReadAsync<RetentionActors.Silo.Reports.NpsReport>(await analyst.GetAsync("/api/analytics/nps", Ct));
    }
}

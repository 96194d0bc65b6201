using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

[Collection(BuyersHeldStill.Name)]
public sealed class RfmSegmentPagingTests(BackOfficeSilo silo)
{
    // Once in the parallel tests with "the count read first, up to 50 more": CI saw 453 for 320, the quintiles having
    // moved under a walk of 160 pages.
    [Fact]
    public async Task A_segments_customers_come_page_by_page_by_customer_id_each_once_with_their_scores()
    {
        // Thirty buyers of its own, a day apart, so that even alone on the demo data some segment has several pages.
        using var admin = silo.Admin();
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv([.. Enumerable.Range(1, 30)
            .Select(i => $"rfm-page-{i:00},rfm-page-{i:00}-r1,s1,{DateTimeOffset.UtcNow.AddDays(-i):yyyy-MM-ddTHH:mm:ssZ},{10 + i},purchase,")]), Ct));
        using var analyst = silo.Analyst();
        var rfm = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/analytics/rfm", Ct));
        var segment = rfm.GetProperty("segments").EnumerateArray()
            .Where(s => s.GetProperty("customers").GetInt32() >= 3).MinBy(s => s.GetProperty("customers").GetInt32());
        var name = segment.GetProperty("segment").GetString()!;
        var expected = segment.GetProperty("customers").GetInt32();

        var ids = new List<string>();
        string? after = null;
        do
        {
            var page = await PageAsync(analyst, name, 2, after);
            var customers = page.GetProperty("customers").EnumerateArray().ToList();
            Assert.InRange(customers.Count, 0, 2); // a full page has a next, so the last may be empty
            Assert.All(customers, c => Assert.Equal(name, c.GetProperty("segment").GetString()));
            Assert.All(customers, c => Assert.InRange(c.GetProperty("m").GetInt32(), 1, 5));
            ids.AddRange(customers.Select(c => c.GetProperty("customerId").GetString()!));
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(expected, ids.Count);
        var whole = await PageAsync(analyst, name, 500, null);
        Assert.Equal(ids.Take(500), whole.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("customerId").GetString()!));
    }

    private static async Task<JsonElement> PageAsync(HttpClient analyst, string segment, int take, string? after) =>
        await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync(
            $"/api/analytics/rfm/segments/{Uri.EscapeDataString(segment)}/customers?take={take}" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after)), Ct));
}

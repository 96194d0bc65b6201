using System.Net.Http.Json;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

// Once among the parallel tests with "at most 50 more than counted": another test's buyers can move a quintile
// threshold across a block of customers bought at the same second, and the segment with them. It also issued coupons
// (audit rows, events) to other tests' customers while they read theirs.
[Collection(BuyersHeldStill.Name)]
public sealed class SegmentCouponTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task A_segment_coupon_reaches_the_whole_segment_holding_out_some_and_an_analyst_may_read_but_not_issue()
    {
        using var admin = silo.Admin();
        using var analyst = silo.Analyst();
        var rfm = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/analytics/rfm", Ct));
        // The smallest segment: the other tests' populations make some segments thousands strong.
        var segment = rfm.GetProperty("segments").EnumerateArray().MinBy(s => s.GetProperty("customers").GetInt32());
        var name = segment.GetProperty("segment").GetString()!;
        var run = "ups-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(System.Net.HttpStatusCode.Forbidden,
            (await analyst.PostAsJsonAsync("/api/coupons/segments", new { campaign = run, segment = name, value = 5, holdoutPercent = 30 }, Ct)).StatusCode);

        var issued = (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/coupons/segments",
            new { campaign = run, segment = name, value = 5, holdoutPercent = 30 }, Ct))).EnumerateArray().ToList();
        var members = segment.GetProperty("customers").GetInt32();
        Assert.Equal(members, issued.Count);
        Assert.All(issued, i => Assert.True(i.GetProperty("outcome").GetString() is "issued" or "held out", $"{i}"));
        var report = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync($"/api/coupons/segments/{run}/uplift", Ct));
        Assert.Equal(issued.Count(i => i.GetProperty("outcome").GetString() == "held out"), report.GetProperty("heldOut").GetProperty("customers").GetInt64());
        Assert.Equal(issued.Count(i => i.GetProperty("outcome").GetString() == "issued"), report.GetProperty("treated").GetProperty("customers").GetInt64());

        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/coupons/segments", new { campaign = run, segment = "No such segment", value = 5 }, Ct), 400);
    }
}

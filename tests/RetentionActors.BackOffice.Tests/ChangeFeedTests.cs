using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests;

public sealed class ChangeFeedTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task The_feed_tells_a_customer_story_in_commit_order_and_resumes_from_any_cursor()
    {
        var grains = await silo.GrainsAsync();
        var id = "feed-" + Guid.NewGuid().ToString("N")[..12];
        var (card, next) = ("mag:" + Random.Shared.NextInt64(100_000_000, 999_999_999), "mag:" + Random.Shared.NextInt64(100_000_000, 999_999_999));
        using var analyst = silo.Analyst();
        var head = (await PageAsync(analyst, null, 1000)).Next;
        while ((await PageAsync(analyst, head, 1000)) is { Events.Count: > 0 } page)
        {
            head = page.Next;
        }

        var customer = grains.GetGrain<ICustomerGrain>(id);
        await customer.EnrollAsync(new CustomerProfile("Feed Customer"));
        await grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(id);
        await customer.EarnAsync(new Purchase("s1", "t1", id + "-r1", DateTimeOffset.UtcNow.AddHours(-1), 40m), CardId.Parse(card));
        await customer.RefundAsync(new Refund("s1", "t1", id + "-r2", DateTimeOffset.UtcNow.AddMinutes(-30), 10m, "s1", id + "-r1"), CardId.Parse(card));
        using (var admin = silo.Admin())
        {
            var coupon = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/coupons",
                new { customerId = id, reference = "feed-1", kind = "FixedDiscount", description = "Feed coupon", value = 5m }, Ct));
            var use = new CouponUse("s1", "t1", DateOnly.FromDateTime(DateTime.UtcNow), id + "-r3", coupon.GetProperty("code").GetString()!);
            Assert.True((await grains.GetGrain<ILoyaltyCardGrain>(card).RedeemCouponAsync(use)).Declined is null);
        }
        await grains.GetGrain<ILoyaltyCardGrain>(card).ReplaceAsync(CardId.Parse(next));
        await grains.GetGrain<ILoyaltyCardGrain>(next).BlockAsync("lost");
        // Two at a time up to this customer's ninth event: other tests' imports may be writing thousands meanwhile.
        bool IsMine(JsonElement e) => e.GetProperty("customerId").GetString() == id;
        var all = new List<JsonElement>();
        var cursor = head;
        for (; all.Count(IsMine) < 9 && (await PageAsync(analyst, cursor, 2)) is { Events.Count: > 0 } page; cursor = page.Next)
        {
            all.AddRange(page.Events);
        }
        var mine = all.Where(IsMine).ToList();
        Assert.DoesNotContain((await PageAsync(analyst, cursor, 1000)).Events, IsMine); // and none twice after the last

        Assert.Equal(
            ["customer.enrolled", "card.linked", "ledger.entry", "ledger.entry", "coupon.issued", "coupon.redeemed", "card.linked", "card.replaced", "card.blocked"],
            mine.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(1, mine.Count).Select(i => (long)i), mine.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(["Purchase", "Refund"], mine.Where(e => e.GetProperty("type").GetString() == "ledger.entry").Select(e => e.GetProperty("payload").GetProperty("kind").GetString()));
        var positions = all.Select(e => long.Parse(e.GetProperty("position").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(positions.Order(), positions);
        // From the first hundred cursors and from each of this customer's events (not every other test's, which could be
        // thousands of 1,000-event pages).
        foreach (var i in Enumerable.Range(0, all.Count).Where(i => i < 100 || IsMine(all[i])))
        {
            // Other tests share the silo: a page holds at most 1,000 events, and may end with events committed after
            // `all` was read. What it holds from the cursor on must be exactly what followed it.
            var resumed = await PageAsync(analyst, all[i].GetProperty("position").GetString(), 1000);
            var expected = all.Skip(i + 1).Take(1000).Select(e => e.GetProperty("id").GetString()).ToList();
            Assert.Equal(expected, resumed.Events.Take(expected.Count).Select(e => e.GetProperty("id").GetString()));
        }
    }

    [Fact]
    public async Task A_bad_cursor_or_limit_is_refused_by_name_and_the_feed_needs_a_login()
    {
        using var analyst = silo.Analyst();
        using var anonymous = silo.Anonymous();

        var cursor = await BackOfficeSilo.ProblemAsync(await analyst.GetAsync("/api/events?after=-1", Ct), 400);
        var limit = await BackOfficeSilo.ProblemAsync(await analyst.GetAsync("/api/events?limit=1001", Ct), 400);

        Assert.True(cursor.GetProperty("errors").TryGetProperty("after", out _));
        Assert.True(limit.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/events", Ct)).StatusCode);
    }

    private sealed record Page(List<JsonElement> Events, string Next);

    private static async Task<Page> PageAsync(HttpClient client, string? after, int limit)
    {
        var page = await BackOfficeSilo.ReadAsync<JsonElement>(await client.GetAsync($"/api/events?limit={limit}" + (after is null ? "" : "&after=" + after), Ct));
        return new([.. page.GetProperty("events").EnumerateArray()], page.GetProperty("next").GetString()!);
    }
}

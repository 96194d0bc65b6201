using System.Net;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

/// <summary>The customer page's ledger: paged newest first in SQL, filtered by kind, store and days, and bad filters refused by name.</summary>
public sealed class LedgerPagingTests(BackOfficeSilo silo)
{
    // Four purchases in 2003 (a year no other test writes) in two stores, one returned: seq 1..5 in import order.
    private async Task<string> SeedAsync()
    {
        var id = "lp-" + Guid.NewGuid().ToString("N")[..8];
        using var admin = silo.Admin();
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(
            $"{id},{id}-r1,s1,2003-01-10T10:00:00Z,10,purchase,",
            $"{id},{id}-r2,s2,2003-01-11T10:00:00Z,20,purchase,",
            $"{id},{id}-r3,s1,2003-01-12T10:00:00Z,30,purchase,",
            $"{id},{id}-r4,s2,2003-01-13T10:00:00Z,40,purchase,",
            $"{id},{id}-r5,s1,2003-01-14T10:00:00Z,30,refund,{id}-r3"), Ct));
        return id;
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_and_filters_by_kind_store_and_days()
    {
        var id = await SeedAsync();
        using var analyst = silo.Analyst();

        var first = await ReceiptsAsync(analyst, $"/api/customers/{id}/ledger?newestFirst=true&take=2");
        Assert.Equal([$"{id}-r5", $"{id}-r4"], first.Select(e => e.Receipt));
        var second = await ReceiptsAsync(analyst, $"/api/customers/{id}/ledger?newestFirst=true&take=2&beforeSeq={first[^1].Seq}");
        Assert.Equal([$"{id}-r3", $"{id}-r2"], second.Select(e => e.Receipt));

        Assert.Equal([$"{id}-r2", $"{id}-r4"], (await ReceiptsAsync(analyst, $"/api/customers/{id}/ledger?store=s2")).Select(e => e.Receipt));
        Assert.Equal([$"{id}-r5"], (await ReceiptsAsync(analyst, $"/api/customers/{id}/ledger?kind=Refund")).Select(e => e.Receipt));
        Assert.Equal([$"{id}-r2", $"{id}-r3"], (await ReceiptsAsync(analyst, $"/api/customers/{id}/ledger?from=2003-01-11&to=2003-01-12")).Select(e => e.Receipt));
        Assert.Equal([$"{id}-r3"], (await ReceiptsAsync(analyst, $"/api/customers/{id}/ledger?kind=Purchase&store=s1&from=2003-01-11")).Select(e => e.Receipt));
    }

    [Theory]
    [InlineData("kind=Purchases", "kind")]
    [InlineData("kind=1", "kind")]
    [InlineData("from=2003-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2003-02-01&to=2003-01-01", "from")]
    [InlineData("store=", "store")]
    [InlineData("newestFirst=true&beforeSeq=0", "beforeSeq")]
    [InlineData("afterSeq=-1", "afterSeq")]
    [InlineData("take=1001", "take")]
    [InlineData("to=9999-12-31", "to")]
    public async Task A_bad_ledger_filter_is_refused_and_named(string query, string field)
    {
        using var analyst = silo.Analyst();
        var response = await analyst.GetAsync($"/api/customers/demo-ada/ledger?{query}", Ct);
        var problem = await BackOfficeSilo.ProblemAsync(response, (int)HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
    }

    private static async Task<List<(long Seq, string? Receipt)>> ReceiptsAsync(HttpClient client, string path)
    {
        var entries = await BackOfficeSilo.ReadAsync<JsonElement>(await client.GetAsync(path, Ct));
        return [.. entries.EnumerateArray().Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("receiptId").GetString()))];
    }
}

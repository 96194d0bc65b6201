using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// A generated population for uplift tests, made through the real paths: its customers are imported as dormant
/// (one purchase 200 days ago), get a win-back campaign with a holdout through the API, and then each comes back with
/// a known probability per group (a fixed seed), through the import again.
/// </summary>
public sealed class UpliftPopulation
{
    public required string Campaign { get; init; }

    public required IReadOnlyDictionary<string, bool> HeldOut { get; init; }

    /// <summary>Spend after the coupon, per customer (0 for those who did not come back).</summary>
    public required IReadOnlyDictionary<string, decimal> SpendAfter { get; init; }

    public required IReadOnlyDictionary<string, int> PurchasesAfter { get; init; }

    public static async Task<UpliftPopulation> CreateAsync(HttpClient admin, string prefix, int customers, double heldOutReturn, double treatedReturn, int seed)
    {
        var ids = Enumerable.Range(0, customers).Select(i => $"{prefix}-{i}").ToList();
        var old = Iso(DateTimeOffset.UtcNow.AddDays(-200));
        foreach (var chunk in ids.Chunk(1000))
        {
            await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases",
                BackOfficeSilo.Csv([.. chunk.Select(id => $"{id},{id}-r0,up-store,{old},30,purchase,")]), Ct));
        }
        var heldOut = new Dictionary<string, bool>();
        foreach (var chunk in ids.Chunk(500))
        {
            var issued = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/winback",
                new { campaign = prefix, customerIds = chunk, value = 5m, validDays = 30, holdoutPercent = 50 }, Ct));
            foreach (var i in issued.EnumerateArray())
            {
                var outcome = i.GetProperty("outcome").GetString();
                Assert.True(outcome is "issued" or "held out", $"{i}");
                heldOut[i.GetProperty("customerId").GetString()!] = outcome == "held out";
            }
        }

        // Who comes back, how often and for how much, from the seed alone; the purchases are after the assignment (a few
        // seconds ahead of now: read the report with an explicit window end).
        var random = new Random(seed);
        var spend = new Dictionary<string, decimal>();
        var purchases = new Dictionary<string, int>();
        var rows = new List<string>();
        var now = DateTimeOffset.UtcNow;
        foreach (var id in ids)
        {
            var returns = random.NextDouble() < (heldOut[id] ? heldOutReturn : treatedReturn);
            var count = returns ? 1 + random.Next(3) : 0;
            spend[id] = 0;
            for (var p = 1; p <= count; p++)
            {
                var amount = 10 + random.Next(90);
                spend[id] += amount;
                rows.Add($"{id},{id}-r{p},up-store,{Iso(now.AddSeconds(p))},{amount},purchase,");
            }
            purchases[id] = count;
        }
        foreach (var chunk in rows.Chunk(1000))
        {
            await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(chunk), Ct));
        }
        return new UpliftPopulation { Campaign = prefix, HeldOut = heldOut, SpendAfter = spend, PurchasesAfter = purchases };
    }

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

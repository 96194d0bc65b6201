using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

/// <summary>Holdout groups and uplift, on populations generated with a known true effect (see <see cref="UpliftPopulation"/>).</summary>
public sealed class UpliftTests(BackOfficeSilo silo)
{
    private static string Until => Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_known_effect_is_found_within_its_own_95_percent_interval_and_the_figures_add_up()
    {
        using var admin = silo.Admin();
        // A fixed name and seed: the groups (drawn from action and customer) and the returns are the same in every run.
        const string run = "upk-known";
        // 3,000 customers, half held out; 20 % of the held out and 26 % of the treated come back: a true uplift of 6 points.
        var population = await UpliftPopulation.CreateAsync(admin, run, 3000, heldOutReturn: 0.20, treatedReturn: 0.26, seed: 16);

        using var analyst = silo.Analyst();
        var report = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync($"/api/winback/{run}/uplift?until={Until}", Ct));
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());

        var treated = population.HeldOut.Where(h => !h.Value).Select(h => h.Key).ToList();
        var heldOut = population.HeldOut.Where(h => h.Value).Select(h => h.Key).ToList();
        Assert.InRange(heldOut.Count, 1350, 1650);
        AssertGroup(report.GetProperty("treated"), population, treated);
        AssertGroup(report.GetProperty("heldOut"), population, heldOut);

        var share = report.GetProperty("returnShareUplift");
        Assert.InRange(0.06, share.GetProperty("low").GetDouble(), share.GetProperty("high").GetDouble());
        Assert.True(share.GetProperty("low").GetDouble() > 0, $"a 6-point effect on 3,000 customers is measurable: {share}");
        Assert.False(report.GetProperty("noMeasurableEffect").GetBoolean());
        Assert.StartsWith("The action brought customers back", report.GetProperty("reading").GetString());

        // Incremental revenue is the spend difference per customer times the treated; the cost, the coupons the treated got.
        var spendUplift = Mean(population.SpendAfter, treated) - Mean(population.SpendAfter, heldOut);
        Assert.Equal(spendUplift * treated.Count, report.GetProperty("incrementalRevenue").GetProperty("value").GetDouble(), 6);
        Assert.Equal(5.0 * treated.Count, report.GetProperty("cost").GetDouble(), 6);
        var extraReturners = share.GetProperty("value").GetDouble() * treated.Count;
        Assert.Equal(5.0 * treated.Count / extraReturners, report.GetProperty("costPerIncrementalReturningCustomer").GetDouble(), 6);
    }

    [Fact]
    public async Task A_repeated_win_back_keeps_every_customers_group_even_with_another_holdout()
    {
        using var admin = silo.Admin();
        var run = "upr-" + Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, 40).Select(i => $"{run}-{i}").ToList();
        var old = DateTimeOffset.UtcNow.AddDays(-200).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases",
            BackOfficeSilo.Csv([.. ids.Select(id => $"{id},{id}-r0,up-store,{old},30,purchase,")]), Ct));
        var first = await IssueAsync(admin, run, ids, holdoutPercent: 50);
        Assert.Contains("held out", first.Values);
        Assert.Contains("issued", first.Values);

        var again = await IssueAsync(admin, run, ids, holdoutPercent: 0);
        Assert.All(ids, id => Assert.Equal(first[id] == "held out" ? "held out" : "already issued", again[id]));
        var report = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/winback/{run}/uplift", Ct));
        Assert.Equal(first.Values.Count(v => v == "held out"), report.GetProperty("heldOut").GetProperty("customers").GetInt64());
        Assert.Equal(40, report.GetProperty("treated").GetProperty("customers").GetInt64() + report.GetProperty("heldOut").GetProperty("customers").GetInt64());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(91)]
    public async Task A_holdout_outside_0_to_90_is_refused_and_records_nothing(int percent)
    {
        using var admin = silo.Admin();
        var run = "upbad-" + Guid.NewGuid().ToString("N")[..6];
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/winback", new { campaign = run, customerIds = new[] { "demo-ada" }, value = 5, holdoutPercent = percent }, Ct), 400);
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/coupons/segments", new { campaign = run, segment = "Champions", value = 5, holdoutPercent = percent }, Ct), 400);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync($"/api/winback/{run}/uplift", Ct)).StatusCode);
    }

    private static async Task<Dictionary<string, string>> IssueAsync(HttpClient admin, string campaign, IReadOnlyList<string> ids, int holdoutPercent) =>
        (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/winback", new { campaign, customerIds = ids, value = 5m, holdoutPercent }, Ct)))
        .EnumerateArray().ToDictionary(i => i.GetProperty("customerId").GetString()!, i => i.GetProperty("outcome").GetString()!);

    // The report's group figures are exactly what the population generated for that group.
    private static void AssertGroup(JsonElement group, UpliftPopulation population, IReadOnlyList<string> ids)
    {
        Assert.Equal(ids.Count, group.GetProperty("customers").GetInt64());
        Assert.Equal(ids.Count(id => population.PurchasesAfter[id] > 0), group.GetProperty("returned").GetInt64());
        Assert.Equal(ids.Average(id => population.PurchasesAfter[id]), group.GetProperty("purchasesPerCustomer").GetDouble(), 9);
        Assert.Equal(Mean(population.SpendAfter, ids), group.GetProperty("spendPerCustomer").GetDouble(), 9);
    }

    private static double Mean(IReadOnlyDictionary<string, decimal> values, IReadOnlyList<string> ids) => (double)ids.Average(id => values[id]);
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetentionActors.BackOffice.Tests;

public sealed class ProgramAndExportTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task Invalid_program_settings_are_refused_listing_the_problem_and_change_nothing()
    {
        using var admin = silo.Admin();
        var before = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/program", Ct));
        var settings = JsonNode.Parse(before.GetProperty("settings").GetRawText())!;
        settings["pointsPerCurrencyUnit"] = -1;
        var problem = await BackOfficeSilo.ProblemAsync(await admin.PutAsJsonAsync("/api/program", settings, Ct), 400);
        Assert.Contains("Points per currency unit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/program", Ct));
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?target=program", Ct));
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("outcome").GetString() == "refused");
        Assert.NotEmpty((await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/program/history", Ct))).EnumerateArray().ToList());
    }

    // Once read as "no multipliers" (silently dropping them), an empty tier list, and a 500.
    [Theory]
    [InlineData("categoryMultipliers", "null")]
    [InlineData("tiers", "null")]
    [InlineData("tiers", "[null]")]
    [InlineData("currency", "null")]
    [InlineData("campaigns", "[null]")]
    public async Task Program_settings_with_a_part_sent_as_null_are_refused_with_400_and_change_nothing(string field, string json)
    {
        using var admin = silo.Admin();
        var before = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/program", Ct));
        var settings = JsonNode.Parse(before.GetProperty("settings").GetRawText())!;
        settings[field] = JsonNode.Parse(json);

        var problem = await BackOfficeSilo.ProblemAsync(await admin.PutAsJsonAsync("/api/program", settings, Ct), 400);
        var after = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/program", Ct));

        Assert.Contains(field, problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Customers_and_ledger_export_as_csv()
    {
        using var admin = silo.Admin();
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv("ex-1,ex-r1,s1,2023-05-05T12:00:00Z,12.34,purchase,"), Ct));

        var customers = await admin.GetAsync("/api/export/customers.csv", Ct);
        Assert.Equal("text/csv", customers.Content.Headers.ContentType?.MediaType);
        var customerLines = (await customers.Content.ReadAsStringAsync(Ct)).Split('\n');
        Assert.StartsWith("customer_id,display_name,email,phone,enrolled_at", customerLines[0], StringComparison.Ordinal);
        Assert.Contains(customerLines, l => l.StartsWith("ex-1,ex-1,,,", StringComparison.Ordinal) && l.EndsWith(",1,12.34", StringComparison.Ordinal));

        var ledger = (await (await admin.GetAsync("/api/export/ledger.csv", Ct)).Content.ReadAsStringAsync(Ct)).Split('\n');
        Assert.StartsWith("customer_id,seq,kind,points,amount", ledger[0], StringComparison.Ordinal);
        Assert.Contains(ledger, l => l.StartsWith("ex-1,1,Purchase,", StringComparison.Ordinal) && l.Contains(",ex-r1,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rfm_scores_every_buying_customer_and_counts_the_segments()
    {
        using var analyst = silo.Analyst();
        var rfm = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/analytics/rfm", Ct));
        var customers = rfm.GetProperty("customers").EnumerateArray().ToList();
        Assert.NotEmpty(customers);
        Assert.All(customers, c => Assert.InRange(c.GetProperty("r").GetInt32(), 1, 5));
        Assert.Equal(customers.Count, rfm.GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("customers").GetInt32()));
    }
}

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
        await BackOfficeSilo.AssertNoProgramVersionSinceAsync(admin, before.GetProperty("version").GetInt64(),
            v => v.GetProperty("settings").GetProperty("pointsPerCurrencyUnit").GetDouble() < 0);
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
        // A valid value no other test sends marks these settings: had the null been taken (as nothing, as a default, or
        // dropped), the version written would hold it, whatever other tests publish meanwhile.
        var marker = Random.Shared.Next(1000, 3651);
        settings["couponValidityDays"] = marker;

        var problem = await BackOfficeSilo.ProblemAsync(await admin.PutAsJsonAsync("/api/program", settings, Ct), 400);

        Assert.Contains(field, problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        await BackOfficeSilo.AssertNoProgramVersionSinceAsync(admin, before.GetProperty("version").GetInt64(),
            v => v.GetProperty("settings").GetProperty("couponValidityDays").GetInt32() == marker);
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

    // Adapted when /analytics/rfm stopped listing every buyer: the customers now come a page of a segment at a time.
    [Fact]
    public async Task Rfm_scores_every_buying_customer_and_counts_the_segments()
    {
        using var analyst = silo.Analyst();
        var rfm = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/analytics/rfm", Ct));
        Assert.False(rfm.TryGetProperty("customers", out _), "the counts come without a row per buyer");
        var segments = rfm.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("segment").GetString()!, s => s.GetProperty("customers").GetInt32());
        Assert.NotEmpty(segments);

        var csv = (await (await analyst.GetAsync("/api/export/rfm.csv", Ct)).Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id,display_name,recency_days,frequency,monetary,r,f,m,segment", csv[0]);
        var customers = csv.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(customers);
        Assert.All(customers, c => Assert.InRange(int.Parse(c[5], System.Globalization.CultureInfo.InvariantCulture), 1, 5));
        // Other tests add buyers meanwhile, so the export, read after the counts, has at least as many in all.
        Assert.True(customers.Count >= segments.Values.Sum(), $"{customers.Count} exported, {segments.Values.Sum()} counted");
    }

    [Theory]
    [InlineData("Nobody/customers")]
    [InlineData("champions/customers")]
    [InlineData("Champions/customers?take=0")]
    [InlineData("Champions/customers?take=501")]
    [InlineData("Champions/customers?take=x")]
    [InlineData("Champions/customers?after=a%20b")]
    [InlineData("Champions/customers?after=")]
    public async Task Bad_segment_pages_are_validation_problems(string path)
    {
        using var analyst = silo.Analyst();
        await BackOfficeSilo.ProblemAsync(await analyst.GetAsync("/api/analytics/rfm/segments/" + path, Ct), 400);
    }
}

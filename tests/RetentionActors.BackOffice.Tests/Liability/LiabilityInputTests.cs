using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RetentionActors.BackOffice.Tests.Liability;

/// <summary>Refusals of the liability endpoints and of the liability value per point, on the assembly's shared silo.</summary>
public sealed class LiabilityInputTests(BackOfficeSilo silo)
{
    [Theory]
    [InlineData("/api/analytics/liability?asOf=2004-13-01")]
    [InlineData("/api/analytics/liability?asOf=04-01-2004")]
    [InlineData("/api/analytics/liability?asOf=1999-12-31")]
    [InlineData("/api/analytics/liability?asOf=2999-01-01")]
    [InlineData("/api/analytics/liability/monthly?from=2004-06&to=2004-05")]
    [InlineData("/api/analytics/liability/monthly?from=2004-06")]
    [InlineData("/api/analytics/liability/monthly?from=2004-6&to=2004-07")]
    [InlineData("/api/analytics/liability/monthly?from=2000-01&to=2010-01")]
    [InlineData("/api/export/liability.csv?from=2004-06-01&to=2004-07-01")]
    public async Task Bad_dates_and_months_are_validation_problems(string path)
    {
        using var analyst = silo.Analyst();
        await BackOfficeSilo.ProblemAsync(await analyst.GetAsync(path, Ct), 400);
    }

    [Fact]
    public async Task An_analyst_reads_the_liability_of_today_and_the_last_twelve_month_ends()
    {
        using var analyst = silo.Analyst();
        var before = Day(DateTime.UtcNow);
        var today = await BackOfficeSilo.ReadAsync<JsonObject>(await analyst.GetAsync("/api/analytics/liability", Ct));
        var months = await BackOfficeSilo.ReadAsync<JsonArray>(await analyst.GetAsync("/api/analytics/liability/monthly", Ct));
        // Either side of a midnight the calls may straddle.
        var days = new[] { before, Day(DateTime.UtcNow) };

        Assert.Contains((string?)today["asOf"], days);
        Assert.Equal(12, months.Count);
        Assert.Contains((string?)months[^1]!["asOf"], days);
    }

    private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("-0.01")]
    [InlineData("1000.5")]
    [InlineData("0.0000001")]
    public async Task A_liability_value_per_point_out_of_range_or_too_precise_is_refused_and_changes_nothing(string value)
    {
        using var admin = silo.Admin();
        var before = await BackOfficeSilo.ReadAsync<JsonObject>(await admin.GetAsync("/api/program", Ct));
        var settings = before["settings"]!.DeepClone().AsObject();
        settings["liabilityValuePerPoint"] = JsonNode.Parse(value);

        var problem = await BackOfficeSilo.ProblemAsync(await admin.PutAsJsonAsync("/api/program", settings, Ct), 400);

        Assert.Contains("liability value per point", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var sent = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        await BackOfficeSilo.AssertNoProgramVersionSinceAsync(admin, (long)before["version"]!,
            v => v.GetProperty("settings").TryGetProperty("liabilityValuePerPoint", out var kept) && kept.ValueKind == System.Text.Json.JsonValueKind.Number && kept.GetDecimal() == sent);
    }
}

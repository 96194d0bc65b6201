using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetentionActors.BackOffice.Tests;

/// <summary>What the program form needs from the API: each refusal's field, and a preview of a sample purchase under a draft.</summary>
public sealed class ProgramFormApiTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task A_refused_program_names_the_field_of_each_problem_and_keeps_its_message_and_errors()
    {
        using var admin = silo.Admin();
        var (before, settings) = await ProgramAsync(admin);
        settings["tiers"] = JsonNode.Parse("""[{"name":"Member","minimumSpend":0,"earnMultiplier":1},{"name":"Gold","minimumSpend":500,"earnMultiplier":500}]""");
        settings["pendingDays"] = -1;

        var problem = await BackOfficeSilo.ProblemAsync(await admin.PutAsJsonAsync("/api/program", settings, Ct), 400);

        Assert.Equal(
            [("tiers[1].earnMultiplier", "A tier's earn multiplier must be 0 to 100."),
             ("pendingDays", "Bonuses, limits and thresholds cannot be negative; pending days are 0 to 365; coupons are valid 1 to 3650 days.")],
            Problems(problem));
        // What the answer said before problems had fields is still there.
        Assert.StartsWith("Invalid program settings: A tier's earn multiplier must be 0 to 100.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("errors").GetProperty("Settings")[0].GetString());
        await BackOfficeSilo.AssertNoProgramVersionSinceAsync(admin, before, v => v.GetProperty("settings").GetProperty("pendingDays").GetInt32() == -1);
    }

    [Fact]
    public async Task A_problem_outside_the_engines_rules_names_its_field_too()
    {
        using var admin = silo.Admin();
        var (_, settings) = await ProgramAsync(admin);
        settings["cardNumberRanges"] = new JsonArray("60x1");

        var problem = await BackOfficeSilo.ProblemAsync(await admin.PutAsJsonAsync("/api/program", settings, Ct), 400);

        Assert.Equal("cardNumberRanges", Assert.Single(Problems(problem)).Path);
    }

    [Fact]
    public async Task The_preview_says_what_a_sample_purchase_would_earn_under_the_draft_and_saves_nothing()
    {
        using var analyst = silo.Analyst();
        var (before, settings) = await ProgramAsync(analyst);
        settings["tiers"] = JsonNode.Parse("""[{"name":"Member","minimumSpend":0,"earnMultiplier":1},{"name":"Gold","minimumSpend":500,"earnMultiplier":2}]""");
        settings["campaigns"] = JsonNode.Parse("""
            [{"id":"pv-big","name":"Big basket","kind":"SpendBonus","starts":"2026-01-01T00:00:00Z","ends":"2026-02-01T00:00:00Z","threshold":30,"bonusPoints":25,"pointsBudget":1000}]
            """);
        settings["pendingDays"] = 14;
        // The rest of what the figures depend on, whatever other tests left in the shared program.
        settings["categoryMultipliers"] = new JsonObject { ["coffee"] = 2 };
        (settings["pointsPerCurrencyUnit"], settings["minimumSpend"], settings["maximumPurchaseAmount"], settings["maxPointsPerDay"]) = (1, 0, 10_000, 0);

        var answer = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.PostAsJsonAsync("/api/program/preview", new
        {
            settings,
            purchase = new { amount = 40, at = "2026-01-10T12:00:00Z", tier = "Gold", lines = new[] { new { amount = 10, category = "coffee", quantity = 1 } } },
        }, Ct));

        // Coffee doubled: (40 + 10) × 2 for Gold = 100, and 25 from the campaign.
        Assert.Equal((100L, 125L, "Gold"), (answer.GetProperty("points").GetInt64(), answer.GetProperty("totalPoints").GetInt64(), answer.GetProperty("tier").GetString()));
        Assert.Equal(("pv-big", 25L), (answer.GetProperty("campaigns")[0].GetProperty("id").GetString(), answer.GetProperty("campaigns")[0].GetProperty("points").GetInt64()));
        Assert.Equal(new DateTimeOffset(2026, 1, 24, 12, 0, 0, TimeSpan.Zero), answer.GetProperty("pendingUntil").GetDateTimeOffset());
        await BackOfficeSilo.AssertNoProgramVersionSinceAsync(analyst, before, BackOfficeSilo.WrittenBy("analyst"));
    }

    [Fact]
    public async Task A_preview_of_an_invalid_draft_is_refused_with_the_problems_at_their_fields()
    {
        using var analyst = silo.Analyst();
        var (_, settings) = await ProgramAsync(analyst);
        settings["campaigns"] = JsonNode.Parse("""
            [{"id":"pv-bad","name":"Backwards","kind":"SpendBonus","starts":"2026-02-01T00:00:00Z","ends":"2026-01-01T00:00:00Z","pointsBudget":10}]
            """);

        var problem = await BackOfficeSilo.ProblemAsync(await analyst.PostAsJsonAsync("/api/program/preview", new { settings, purchase = new { amount = 10 } }, Ct), 400);

        Assert.Equal([("campaigns[0].ends", "Campaign 'pv-bad' ends before it starts.")], Problems(problem));
    }

    [Theory]
    [InlineData("""{"amount":0}""", "purchase.amount")]
    [InlineData("""{"amount":10,"tier":"Platinum"}""", "purchase.tier")]
    [InlineData("""{"amount":10,"lines":[{"amount":5,"quantity":-1}]}""", "purchase.lines[0].quantity")]
    public async Task A_sample_purchase_that_makes_no_sense_is_refused_naming_the_field(string purchase, string field)
    {
        using var analyst = silo.Analyst();
        var (_, settings) = await ProgramAsync(analyst);
        var body = new JsonObject { ["settings"] = settings, ["purchase"] = JsonNode.Parse(purchase) };

        var problem = await BackOfficeSilo.ProblemAsync(await analyst.PostAsJsonAsync("/api/program/preview", body, Ct), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task The_preview_needs_a_login()
    {
        using var anonymous = silo.Anonymous();

        var answer = await anonymous.PostAsJsonAsync("/api/program/preview", new { settings = new { }, purchase = new { amount = 10 } }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    private static async Task<(int Version, JsonNode Settings)> ProgramAsync(HttpClient client)
    {
        var info = await BackOfficeSilo.ReadAsync<JsonElement>(await client.GetAsync("/api/program", Ct));
        return (info.GetProperty("version").GetInt32(), JsonNode.Parse(info.GetProperty("settings").GetRawText())!);
    }

    private static List<(string Path, string Message)> Problems(JsonElement problem) =>
        [.. problem.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("path").GetString()!, p.GetProperty("message").GetString()!))];
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// The endpoints the glance, campaign, program-form and customer pages added, called as a hostile caller would: with a
/// till's credential, with nonsense in every parameter, with ids holding path characters, and with drafts and bodies
/// that are missing parts or far too big. Each gets a clear 4xx (a problem document naming what is wrong), never a 500,
/// and nothing changes.
/// </summary>
public sealed class HostileBackOfficeInputTests(BackOfficeSilo silo)
{
    public static TheoryData<string> NewReads => new()
    {
        "/api/glance",
        "/api/campaigns",
        "/api/campaigns/autumn",
        "/api/customers/demo-ada/ledger?kind=Purchase",
        "/api/customers/dormant?skip=0&take=10",
    };

    [Theory]
    [MemberData(nameof(NewReads))]
    public async Task A_till_credential_is_no_back_office_credential(string path)
    {
        using var admin = silo.Admin();
        var issued = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/terminals/credentials",
            new { storeId = "store-1", terminalId = "till-" + Guid.NewGuid().ToString("N")[..6], role = "Till" }, Ct));
        using var till = silo.WithToken(issued.GetProperty("token").GetString()!);

        await BackOfficeSilo.ProblemAsync(await till.GetAsync(path, Ct), 401);
        await BackOfficeSilo.ProblemAsync(await till.PostAsJsonAsync("/api/program/preview", new { }, Ct), 401);
    }

    [Theory]
    [InlineData("/api/customers/demo-ada/ledger?take=abc", 400)]
    [InlineData("/api/customers/demo-ada/ledger?take=99999999999", 400)]
    [InlineData("/api/customers/demo-ada/ledger?take=0", 400)]
    [InlineData("/api/customers/demo-ada/ledger?afterSeq=-1", 400)]
    [InlineData("/api/customers/demo-ada/ledger?beforeSeq=99999999999999999999", 400)]
    [InlineData("/api/customers/demo-ada/ledger?kind=purchase", 400)]
    [InlineData("/api/customers/demo-ada/ledger?kind=Purchase,Refund", 400)]
    [InlineData("/api/customers/demo-ada/ledger?from=1999-12-31", 400)]
    [InlineData("/api/customers/demo-ada/ledger?to=9999-12-31", 400)]
    [InlineData("/api/customers/demo-ada/ledger?from=9999-12-31", 400)]
    [InlineData("/api/customers/demo-ada/ledger?to=9999-12-30", 200)]
    [InlineData("/api/customers/demo-ada/ledger?from=2003-01-01T00:00:00Z", 400)]
    [InlineData("/api/customers/demo-ada/ledger?store=%00", 200)]
    [InlineData("/api/customers/..%2F..%2Fetc/ledger?kind=Purchase", 404)]
    [InlineData("/api/customers/%2e%2e/ledger", 404)]
    [InlineData("/api/customers/dormant?skip=-1", 400)]
    [InlineData("/api/customers/dormant?skip=abc", 400)]
    [InlineData("/api/customers/dormant?skip=99999999999", 400)]
    [InlineData("/api/customers/dormant?skip=2147483647", 200)]
    [InlineData("/api/customers/dormant?take=0", 400)]
    [InlineData("/api/customers/dormant?take=2147483647", 400)]
    [InlineData("/api/campaigns/no-such-campaign", 404)]
    [InlineData("/api/campaigns/..%2F..%2Fprogram", 404)]
    [InlineData("/api/campaigns/%00", 400)] // Kestrel's own refusal of a NUL in the path
    public async Task A_read_with_nonsense_parameters_gets_a_clear_answer_and_no_500(string path, int status)
    {
        using var analyst = silo.Analyst();

        var response = await analyst.GetAsync(path, Ct);

        Assert.True((int)response.StatusCode == status, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        if (status == 400 && !path.Contains("%00", StringComparison.Ordinal))
        {
            // A problem document whose field is the parameter it names (or, when the value could not even be bound, the request).
            var problem = await BackOfficeSilo.ProblemAsync(response, 400);
            var field = Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;
            Assert.True(field == "request" || path.Contains($"?{field}=", StringComparison.Ordinal) || path.Contains($"&{field}=", StringComparison.Ordinal),
                $"{path}: the problem is at {field}: {problem.GetRawText()}");
        }
    }

    [Fact]
    public async Task An_id_far_too_long_is_refused_or_not_found_and_never_a_500()
    {
        using var analyst = silo.Analyst();
        var id = new string('x', 5000);

        foreach (var path in new[] { $"/api/customers/{id}/ledger", $"/api/customers/{id}", $"/api/campaigns/{id}" })
        {
            var response = await analyst.GetAsync(path, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path[..30]}…: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("""{"settings":SETTINGS}""", "'purchase'")]
    [InlineData("""{"settings":SETTINGS,"purchase":null}""", "'Purchase'")]
    [InlineData("""{"purchase":{"amount":10}}""", "'settings'")]
    [InlineData("""{"settings":SETTINGS,"purchase":{"amount":10,"lines":[null]}}""", "purchase.lines")]
    [InlineData("""{"settings":SETTINGS,"purchase":{"amount":10,"at":"0001-01-01T00:00:00Z"}}""", "purchase.at")]
    [InlineData("""{"settings":SETTINGS,"purchase":{"amount":1e40}}""", "$.purchase.amount")]
    public async Task A_preview_missing_a_part_or_out_of_range_is_refused_naming_it(string body, string named)
    {
        using var analyst = silo.Analyst();
        var (version, settings) = await ProgramAsync(analyst);

        var response = await analyst.PostAsync("/api/program/preview",
            new StringContent(body.Replace("SETTINGS", settings.ToJsonString(), StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);

        var problem = await BackOfficeSilo.ProblemAsync(response, 400);
        // A missing part is named by the serializer's message; a wrong value by the field it is at.
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name == named) || problem.GetProperty("detail").GetString()!.Contains(named, StringComparison.Ordinal),
            problem.GetRawText());
        await BackOfficeSilo.AssertNoProgramVersionSinceAsync(analyst, version, BackOfficeSilo.WrittenBy("analyst"));
    }

    [Fact]
    public async Task A_preview_body_far_larger_than_any_program_is_refused_before_it_is_read()
    {
        using var analyst = silo.Analyst();
        var (version, program) = await ProgramAsync(analyst);
        var settings = program.DeepClone().AsObject();
        // Four megabytes of category multipliers: a program has a handful.
        var multipliers = new JsonObject();
        for (var i = 0; i < 120_000; i++)
        {
            multipliers[$"category-{i:D6}-padding-padding"] = 1;
        }
        settings["categoryMultipliers"] = multipliers;
        var body = new JsonObject { ["settings"] = settings, ["purchase"] = new JsonObject { ["amount"] = 10 } }.ToJsonString();
        Assert.True(body.Length > 4_000_000, $"{body.Length} characters");

        // Sent as a careful client sends a large body, asking first: the silo answers before reading it, and a client that
        // wrote the body regardless could find the connection closed under it (a broken pipe) before it read the answer.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/program/preview") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var response = await analyst.SendAsync(request, Ct);

        await BackOfficeSilo.ProblemAsync(response, (int)HttpStatusCode.RequestEntityTooLarge);
        await BackOfficeSilo.AssertNoProgramVersionSinceAsync(analyst, version, BackOfficeSilo.WrittenBy("analyst"));
    }

    private static async Task<(long Version, JsonObject Settings)> ProgramAsync(HttpClient client)
    {
        var program = await BackOfficeSilo.ReadAsync<JsonObject>(await client.GetAsync("/api/program", Ct));
        return (program["version"]!.GetValue<long>(), program["settings"]!.AsObject());
    }
}

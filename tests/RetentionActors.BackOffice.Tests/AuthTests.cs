using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

public sealed class AuthTests(BackOfficeSilo silo)
{
    public static TheoryData<string, string> Reads => new()
    {
        { "GET", "/api/customers?q=demo-ada" },
        { "GET", "/api/customers/demo-ada" },
        { "GET", "/api/customers/demo-ada/ledger" },
        { "GET", "/api/customers/demo-ada/export" },
        { "GET", "/api/customers/dormant" },
        { "GET", "/api/cards/nfc:04A1B2C3D4E5F6" },
        { "GET", "/api/analytics/retention?from=2024-01-01&to=2025-01-01" },
        { "GET", "/api/analytics/retention/monthly?from=2024-01-01&to=2024-03-01" },
        { "GET", "/api/analytics/cohorts?from=2024-01-01&to=2025-01-01" },
        { "GET", "/api/analytics/rfm" },
        { "GET", "/api/analytics/rfm/segments/Champions/customers" },
        { "GET", "/api/export/rfm.csv" },
        { "GET", "/api/winback" },
        { "GET", "/api/program" },
        { "GET", "/api/program/history" },
        { "GET", "/api/export/customers.csv" },
        { "GET", "/api/export/ledger.csv" },
        { "GET", "/api/audit" },
        { "GET", "/api/deadletters?store=store-1&status=open" },
        { "GET", "/openapi/v1.json" },
        { "GET", "/api/runtime/memory" },
    };

    public static TheoryData<string, string, string> Changes => new()
    {
        { "POST", "/api/import/purchases", "customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of\nauth-new,auth-r1,s1,2024-01-01T00:00:00Z,10,purchase,\n" },
        { "POST", "/api/customers/demo-grace/adjustments", """{"reference":"auth-adj","points":5,"reason":"test"}""" },
        { "POST", "/api/cards/mag:6001234567890/block", """{"reason":"test"}""" },
        { "POST", "/api/cards/mag:6001234567890/replace", """{"newCardId":"nfc:04AABBCCDDEEFF"}""" },
        { "POST", "/api/winback", """{"campaign":"auth","customerIds":["demo-grace"],"value":5}""" },
        { "PUT", "/api/program", """{"currency":"EUR","pointsPerCurrencyUnit":2,"categoryMultipliers":{},"minimumSpend":0,"redemptionValuePerPoint":0.01,"maximumPurchaseAmount":10000}""" },
        { "POST", "/api/deadletters/store-1/till-1/2026-01-01/auth-r1/retry", """{"undoClockSkew":true}""" },
        { "POST", "/api/deadletters/store-1/till-1/2026-01-01/auth-r1/dismiss", """{"reason":"test"}""" },
        { "POST", "/api/runtime/memory/collect", "" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Reads_need_a_token_and_analysts_may_read(string method, string path)
    {
        using var anonymous = silo.Anonymous();
        var refused = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);
        await BackOfficeSilo.ProblemAsync(refused, 401);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = silo.WithToken("not-the-token-0123456789");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct)).StatusCode);

        using var analyst = silo.Analyst();
        var answer = await analyst.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);
        Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync(Ct)}");
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Changes_refuse_anonymous_callers_and_analysts_and_change_nothing(string method, string path, string body)
    {
        using var admin = silo.Admin();
        var auditBefore = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?take=1000", Ct));
        var graceBefore = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/demo-grace", Ct));
        var programBefore = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/program", Ct));

        using var anonymous = silo.Anonymous();
        await BackOfficeSilo.ProblemAsync(await anonymous.SendAsync(Request(method, path, body), Ct), 401);
        using var analyst = silo.Analyst();
        var forbidden = await BackOfficeSilo.ProblemAsync(await analyst.SendAsync(Request(method, path, body), Ct), 403);
        Assert.Contains("analyst", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var namedAnalyst = await silo.NamedAnalystAsync();
        forbidden = await BackOfficeSilo.ProblemAsync(await namedAnalyst.SendAsync(Request(method, path, body), Ct), 403);
        Assert.Contains("analyst role may read", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var namedApprover = await silo.NamedApproverAsync();
        forbidden = await BackOfficeSilo.ProblemAsync(await namedApprover.SendAsync(Request(method, path, body), Ct), 403);
        Assert.Contains("approver role may read", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/customers/auth-new", Ct)).StatusCode);
        var graceAfter = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/demo-grace", Ct));
        Assert.Equal(graceBefore.ToString(), graceAfter.ToString());
        await BackOfficeSilo.AssertNoProgramVersionSinceAsync(admin, programBefore.GetProperty("version").GetInt64(),
            BackOfficeSilo.WrittenBy(["analyst", .. await silo.NamedReadersAsync()]));
        var auditAfter = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?take=1000", Ct));
        // Analysts leave audit entries only for logging in and out and reading personal data (GDPR export), approvers
        // also for deciding adjustments that wait for them and the adjustment that follows (other tests do), never for a change.
        var readers = await silo.NamedReadersAsync();
        string[] analystActions = ["gdpr-export", "log-in", "log-out"];
        string[] approverActions = [.. analystActions, "approve-adjustment", "reject-adjustment", "adjust"];
        Assert.DoesNotContain(auditAfter.EnumerateArray(), e => e.GetProperty("actor").GetString() is { } actor && (actor == "analyst" || actor == readers[0])
            && !analystActions.Contains(e.GetProperty("action").GetString()));
        Assert.DoesNotContain(auditAfter.EnumerateArray(), e => e.GetProperty("actor").GetString() == readers[1]
            && !approverActions.Contains(e.GetProperty("action").GetString()));
        Assert.True(auditAfter.GetArrayLength() >= auditBefore.GetArrayLength());
    }

    [Fact]
    public async Task Pages_send_strangers_to_the_login_and_a_valid_login_opens_them()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = silo.BaseUrl };
        var page = await browser.GetAsync("/backoffice/analytics.html", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/backoffice/login", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/backoffice/login", Ct)).StatusCode);

        var failed = await browser.PostAsync("/backoffice/login", new FormUrlEncodedContent([new("operator", ""), new("secret", "wrong-token-0123456789")]), Ct);
        Assert.Equal("/backoffice/login?failed=1", failed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/backoffice/", Ct)).StatusCode);

        var loggedIn = await browser.PostAsync("/backoffice/login", new FormUrlEncodedContent([new("operator", ""), new("secret", BackOfficeSilo.AnalystToken)]), Ct);
        Assert.Contains("HttpOnly", loggedIn.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", loggedIn.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
        var index = await browser.GetAsync("/backoffice/", Ct);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("/dashboard/", await (await browser.GetAsync("/backoffice/app.js", Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // The cookie is the analyst's session: reading works, changing does not.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/program", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/api/winback", JsonContent.Create(new { campaign = "x", customerIds = new[] { "demo-ada" }, value = 1 }), Ct)).StatusCode);
    }

    [Fact]
    public async Task With_back_office_tokens_set_the_dashboard_is_behind_the_same_login()
    {
        using var anonymous = silo.Anonymous();
        using var analyst = silo.Analyst();

        var refused = await anonymous.GetAsync("/dashboard/DashboardCounters", Ct);
        var allowed = await analyst.GetAsync("/dashboard/DashboardCounters", Ct);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_back_office_api()
    {
        using var analyst = silo.Analyst();
        var document = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/openapi/v1.json", Ct));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/import/purchases", paths);
        Assert.Contains("/api/analytics/retention", paths);
        Assert.Contains("/api/customers/{customerId}/adjustments", paths);
        Assert.Contains("/api/sessions", paths);
        Assert.Contains("/api/operators", paths);
        Assert.Contains("/api/approvals/{approvalId}/approve", paths);
    }

    private static HttpRequestMessage Request(string method, string path, string body) =>
        new(new HttpMethod(method), path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, body.StartsWith('{') ? "application/json" : "text/csv"),
        };
}

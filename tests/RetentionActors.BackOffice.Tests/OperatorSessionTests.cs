using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

/// <summary>Named operators, their sessions, and what the cookie and the logs may hold.</summary>
public sealed class OperatorSessionTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task An_admin_creates_an_operator_whose_secret_is_shown_once_and_works_as_a_login()
    {
        using var admin = silo.Admin();
        var name = "new-" + Guid.NewGuid().ToString("N")[..8];

        var created = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/operators", new { name = name.ToUpperInvariant(), role = "approver" }, Ct));
        var taken = await admin.PostAsJsonAsync("/api/operators", new { name, role = "admin" }, Ct);

        var secret = created.GetProperty("secret").GetString()!;
        Assert.True(secret.Length >= 32, secret.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((name, "Approver", "admin"), (created.GetProperty("operator").GetProperty("name").GetString(),
            created.GetProperty("operator").GetProperty("role").GetString(), created.GetProperty("operator").GetProperty("createdBy").GetString()));
        await BackOfficeSilo.ProblemAsync(taken, 409);
        var listed = (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/operators", Ct))).EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);
        Assert.Equal("Approver", listed.GetProperty("role").GetString());
        Assert.DoesNotContain(secret, listed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await (await admin.GetAsync("/api/operators", Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var session = silo.WithToken(await silo.LogInAsync(name, secret));
        var me = await BackOfficeSilo.ReadAsync<JsonElement>(await session.GetAsync("/api/sessions/current", Ct));
        Assert.Equal((name, "Approver", false), (me.GetProperty("operator").GetString(), me.GetProperty("role").GetString(), me.GetProperty("bootstrap").GetBoolean()));
        Assert.Equal(HttpStatusCode.NoContent, (await session.DeleteAsync("/api/sessions/current", Ct)).StatusCode);
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?target=" + name, Ct));
        Assert.Equal([(name, "log-out", "session ended"), (name, "log-in", "session opened"), ("admin", "create-operator", "refused: the name is taken"), ("admin", "create-operator", "created")],
            audit.EnumerateArray().Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("action").GetString(), a.GetProperty("outcome").GetString())));
    }

    [Theory]
    [InlineData("admin", "admin")]
    [InlineData("analyst", "analyst")]
    [InlineData("x", "analyst")]
    [InlineData("9lives", "analyst")]
    [InlineData("with space", "analyst")]
    [InlineData("ok-name", "owner")]
    public async Task Bad_operator_names_and_roles_are_refused_and_create_nothing(string name, string role)
    {
        using var admin = silo.Admin();
        var before = await OperatorNamesAsync(admin);

        var refused = await admin.PostAsJsonAsync("/api/operators", new { name, role }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // By name, not by count: other tests create operators meanwhile.
        Assert.DoesNotContain((await OperatorNamesAsync(admin)).Except(before), n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Only_admins_manage_operators()
    {
        using var analyst = await silo.NamedAnalystAsync();
        using var approver = await silo.NamedApproverAsync();

        foreach (var client in new[] { analyst, approver, silo.Analyst() })
        {
            await BackOfficeSilo.ProblemAsync(await client.GetAsync("/api/operators", Ct), 403);
            await BackOfficeSilo.ProblemAsync(await client.PostAsJsonAsync("/api/operators", new { name = "sneaky-" + Guid.NewGuid().ToString("N")[..6], role = "admin" }, Ct), 403);
            await BackOfficeSilo.ProblemAsync(await client.PostAsync("/api/operators/admin/disable", null, Ct), 403);
            await BackOfficeSilo.ProblemAsync(await client.GetAsync("/api/terminals/credentials", Ct), 403);
        }
        using var admin = silo.Admin();
        Assert.DoesNotContain((await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/operators", Ct))).EnumerateArray(),
            o => o.GetProperty("name").GetString()!.StartsWith("sneaky-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_logged_out_session_id_no_longer_works()
    {
        var (name, secret) = await silo.CreateOperatorAsync("analyst", "logout");
        var sessionId = await silo.LogInAsync(name, secret);
        using var session = silo.WithToken(sessionId);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/program", Ct)).StatusCode);

        var loggedOut = await session.DeleteAsync("/api/sessions/current", Ct);

        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);
        await BackOfficeSilo.ProblemAsync(await session.GetAsync("/api/program", Ct), 401);
        await BackOfficeSilo.ProblemAsync(await session.GetAsync("/api/sessions/current", Ct), 401);
        // The same id as a cookie is refused too.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var browser = new HttpClient(handler) { BaseAddress = silo.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/program") { Headers = { { "Cookie", "retention_backoffice=" + sessionId } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(request, Ct)).StatusCode);
        // A bootstrap token is no session: there is nothing to log out.
        using var admin = silo.Admin();
        await BackOfficeSilo.ProblemAsync(await admin.DeleteAsync("/api/sessions/current", Ct), 409);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/program", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_operators_session_stops_working_and_they_cannot_log_in_again()
    {
        var (name, secret) = await silo.CreateOperatorAsync("admin", "leaver");
        using var session = silo.WithToken(await silo.LogInAsync(name, secret));
        using var other = silo.WithToken(await silo.LogInAsync(name, secret));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/operators", Ct)).StatusCode);
        using var admin = silo.Admin();

        var self = await session.PostAsync($"/api/operators/{name}/disable", null, Ct);
        var disabled = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync($"/api/operators/{name}/disable", null, Ct));
        var again = await admin.PostAsync($"/api/operators/{name}/disable", null, Ct);

        await BackOfficeSilo.ProblemAsync(self, 409);
        Assert.Equal("admin", disabled.GetProperty("disabledBy").GetString());
        await BackOfficeSilo.ProblemAsync(again, 409);
        await BackOfficeSilo.ProblemAsync(await session.GetAsync("/api/operators", Ct), 401);
        await BackOfficeSilo.ProblemAsync(await other.GetAsync("/api/program", Ct), 401);
        using var anonymous = silo.Anonymous();
        await BackOfficeSilo.ProblemAsync(await anonymous.PostAsJsonAsync("/api/sessions", new { @operator = name, secret }, Ct), 401);
        await BackOfficeSilo.ProblemAsync(await admin.PostAsync("/api/operators/nobody-at-all/disable", null, Ct), 404);
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?target=" + name, Ct));
        Assert.Equal(["disable-operator", "log-in", "log-in", "create-operator"], audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()));
        await silo.LogLineAsync("the refused login of the disabled operator", $"login failed for {name} from", "the operator is disabled");
    }

    [Fact]
    public async Task Wrong_secrets_are_throttled_per_operator_and_logged_without_the_secret()
    {
        var (name, secret) = await silo.CreateOperatorAsync("analyst", "guessed");
        using var anonymous = silo.Anonymous();
        var guesses = Enumerable.Range(0, 5).Select(i => $"guess-{i}-{Guid.NewGuid():N}").ToList();

        foreach (var guess in guesses)
        {
            await BackOfficeSilo.ProblemAsync(await anonymous.PostAsJsonAsync("/api/sessions", new { @operator = name, secret = guess }, Ct), 401);
        }
        var throttled = await anonymous.PostAsJsonAsync("/api/sessions", new { @operator = name, secret }, Ct);

        await BackOfficeSilo.ProblemAsync(throttled, 429);
        Assert.InRange(throttled.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));
        // Other operators are not held up by someone guessing this one's secret.
        var (otherName, otherSecret) = await silo.CreateOperatorAsync("analyst", "unaffected");
        Assert.NotEmpty(await silo.LogInAsync(otherName, otherSecret));

        await silo.LogLineAsync("the throttled login", $"login failed for {name} from", "too many failed attempts");
        Assert.Equal(5, silo.Output.Split('\n').Count(l => l.Contains($"login failed for {name} from", StringComparison.Ordinal) && l.Contains("wrong secret", StringComparison.Ordinal)));
        Assert.All(guesses.Append(secret), g => Assert.DoesNotContain(g, silo.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_login_cookie_holds_a_session_id_never_the_secret_or_token_and_logging_out_revokes_it()
    {
        var (name, secret) = await silo.CreateOperatorAsync("analyst", "cookie");
        foreach (var (field, value, expected) in new[] { (name, secret, name), ("", BackOfficeSilo.AdminToken, "admin") })
        {
            using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
            using var browser = new HttpClient(handler) { BaseAddress = silo.BaseUrl };

            var loggedIn = await browser.PostAsync("/backoffice/login", new FormUrlEncodedContent([new("operator", field), new("secret", value)]), Ct);

            Assert.Equal("/backoffice/", loggedIn.Headers.Location!.OriginalString);
            var cookie = loggedIn.Headers.GetValues("Set-Cookie").Single();
            var sessionId = cookie.Split(';')[0]["retention_backoffice=".Length..];
            Assert.DoesNotContain(value, cookie, StringComparison.Ordinal);
            Assert.True(sessionId.Length >= 22, cookie);
            var me = await BackOfficeSilo.ReadAsync<JsonElement>(await browser.GetAsync("/api/sessions/current", Ct));
            Assert.Equal(expected, me.GetProperty("operator").GetString());

            var loggedOut = await browser.PostAsync("/backoffice/logout", null, Ct);

            Assert.Equal("/backoffice/login", loggedOut.Headers.Location!.OriginalString);
            using var copy = silo.WithToken(sessionId);
            await BackOfficeSilo.ProblemAsync(await copy.GetAsync("/api/sessions/current", Ct), 401);
        }
        await silo.LogLineAsync("the warning to remove the bootstrap token", "admin bootstrap token although named operators exist");
        // A cookie holding the token itself (as before sessions existed) opens nothing.
        using var raw = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = silo.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/program") { Headers = { { "Cookie", "retention_backoffice=" + BackOfficeSilo.AdminToken } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await raw.SendAsync(request, Ct)).StatusCode);
    }

    [Fact]
    public async Task Changes_name_the_logged_in_operator_whatever_X_Operator_says()
    {
        var (client, name) = await silo.OperatorAsync("admin", "named");
        using var admin = client;
        admin.DefaultRequestHeaders.Add("X-Operator", "mallory");
        var customer = "named-" + Guid.NewGuid().ToString("N")[..8];
        var grains = await silo.GrainsAsync();
        await grains.GetGrain<RetentionActors.Contracts.Customers.ICustomerGrain>(customer).EnrollAsync(new RetentionActors.Contracts.Customers.CustomerProfile("Named Test"));

        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync($"/api/customers/{customer}/adjustments", new { reference = "N-1", points = 7, reason = "Goodwill" }, Ct));
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync($"/api/customers/{customer}/erase", new { }, Ct));

        var entry = (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/customers/{customer}/ledger", Ct))).EnumerateArray().Single();
        Assert.Equal((name, JsonValueKind.Null), (entry.GetProperty("operatorId").GetString(), entry.GetProperty("approvedBy").ValueKind));
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/audit?target={customer}", Ct));
        Assert.Equal([(name, "gdpr-erase"), (name, "adjust")], audit.EnumerateArray().Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("action").GetString())));
        Assert.DoesNotContain("mallory", audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboards_log_stream_reminders_and_grain_state_are_for_admins_only()
    {
        using var analyst = await silo.NamedAnalystAsync();
        using var approver = await silo.NamedApproverAsync();
        using var bootstrapAnalyst = silo.Analyst();
        using var admin = silo.Admin();
        string[] adminOnly = ["/dashboard/Trace", "/dashboard/Reminders", "/dashboard/Reminders/1", "/dashboard/reminders", "/dashboard/GrainState?grainId=demo-ada&grainType=customer"];

        foreach (var client in new[] { analyst, approver, bootstrapAnalyst })
        {
            foreach (var path in adminOnly)
            {
                var refused = await BackOfficeSilo.ProblemAsync(await client.GetAsync(path, Ct), 403);
                Assert.Contains("admins only", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/DashboardCounters", Ct)).StatusCode);
        }
        using var anonymous = silo.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/Reminders", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/Reminders", Ct)).StatusCode);
        using var trace = await admin.GetAsync("/dashboard/Trace", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
    }

    private static async Task<List<string>> OperatorNamesAsync(HttpClient admin) =>
        [.. (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/operators", Ct))).EnumerateArray().Select(o => o.GetProperty("name").GetString()!)];
}

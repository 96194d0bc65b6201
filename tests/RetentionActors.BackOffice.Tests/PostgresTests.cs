using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Tests.Shared;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// The back office's own SQL (analytics, dormancy, win-back, exports, audit) on PostgreSQL, where
/// times are timestamptz rather than SQLite's sortable text: a silo in cluster mode on a fresh database.
/// </summary>
public sealed class PostgresTests
{
    [Fact]
    public async Task Analytics_win_back_export_and_audit_give_the_same_answers_on_PostgreSQL()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var data = Path.Combine(Path.GetTempPath(), "retention-backoffice-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        await using var silo = await SiloProcess.StartAsync(data, new Dictionary<string, string> { ["RETENTION_ADMIN_TOKEN"] = BackOfficeSilo.AdminToken },
            "--postgres", database.ConnectionString);
        using var admin = new HttpClient { BaseAddress = new Uri((await silo.DashboardUrl).Replace("/dashboard/", "/", StringComparison.Ordinal)) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BackOfficeSilo.AdminToken);

        var import = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(AnalyticsTests.Dataset), Ct));
        Assert.Equal(11, import.GetProperty("imported").GetInt32());

        var r = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync(
            "/api/analytics/retention?from=2012-01-01&to=2012-07-01&windowDays=365&marketingSpend=1000", Ct));
        Assert.Equal((3, 4, 2), (r.GetProperty("customersAtStart").GetInt32(), r.GetProperty("customersAtEnd").GetInt32(), r.GetProperty("newCustomers").GetInt32()));
        Assert.Equal(66.6667, r.GetProperty("retentionRate").GetDouble(), 4);
        Assert.Equal(44, r.GetProperty("averageCheck").GetDouble(), 4);
        Assert.Equal(198.1911, r.GetProperty("clv").GetDouble(), 3);

        var cohorts = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/analytics/cohorts?from=2011-01-01&to=2012-07-01", Ct));
        var march = cohorts.EnumerateArray().Single(c => c.GetProperty("cohort").GetString() == "2011-03");
        Assert.Equal(100, march.GetProperty("share")[11].GetDouble()); // a1 bought again in February 2012

        var dormant = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/dormant", Ct));
        Assert.Equal("an-6", dormant[0].GetProperty("customerId").GetString()); // 500, the biggest spender
        var issued = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/winback", new { campaign = "pg", customerIds = new[] { "an-6" }, value = 5 }, Ct));
        Assert.Equal("issued", issued[0].GetProperty("outcome").GetString());
        var status = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/winback", Ct));
        Assert.False(status[0].GetProperty("cameBack").GetBoolean());

        var customers = await (await admin.GetAsync("/api/export/customers.csv", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("an-6,an-6,,,", customers, StringComparison.Ordinal);
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit", Ct));
        Assert.Equal([("winback-coupon", "done"), ("import-purchases", "done"), ("import-purchases", "started")],
            audit.EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("outcome").GetString())));

        // Operators and sessions live in the cluster's database too.
        var created = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/operators", new { name = "pg-approver", role = "approver" }, Ct));
        var session = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/sessions",
            new { @operator = "pg-approver", secret = created.GetProperty("secret").GetString() }, Ct));
        using var approver = new HttpClient { BaseAddress = admin.BaseAddress };
        approver.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("sessionId").GetString());
        Assert.Equal("Approver", (await BackOfficeSilo.ReadAsync<JsonElement>(await approver.GetAsync("/api/sessions/current", Ct))).GetProperty("role").GetString());
        Assert.Empty((await BackOfficeSilo.ReadAsync<JsonElement>(await approver.GetAsync("/api/approvals", Ct))).EnumerateArray());
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/operators/pg-approver/disable", null, Ct));
        await BackOfficeSilo.ProblemAsync(await approver.GetAsync("/api/sessions/current", Ct), 401);
    }
}

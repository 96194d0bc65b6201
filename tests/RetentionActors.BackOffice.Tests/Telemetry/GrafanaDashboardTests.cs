using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Tests.Shared;

namespace RetentionActors.BackOffice.Tests.Telemetry;

/// <summary>deploy/grafana/retention-dashboard.json is valid and queries only metrics the silo really exports.</summary>
public sealed partial class GrafanaDashboardTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task Dashboard_QueriesOnlyMetricsTheSiloExports()
    {
        var queries = DashboardQueries();
        using var analyst = silo.Analyst();
        await MakeEveryBusinessMetricAppearAsync();

        var scrape = await Eventually.Until(() => PrometheusScrape.ReadAsync(analyst),
            s => s.Names.Contains("retention_redemptions_total") && s.Names.Contains("retention_declines_total") && s.Names.Contains("retention_webhook_lag_seconds_bucket"),
            "the redemption, the decline and the webhook delivery to be exported", TimeSpan.FromSeconds(10));

        Assert.NotEmpty(queries);
        foreach (var (panel, expr) in queries)
        {
            var metrics = MetricName().Matches(expr).Select(m => m.Value).ToList();
            Assert.True(metrics.Count > 0, $"Panel '{panel}': its query names no retention_ or orleans_ metric: {expr}");
            foreach (var metric in metrics)
            {
                Assert.True(scrape.Names.Contains(metric),
                    $"Panel '{panel}' queries {metric}, which the silo does not export. It exports: {string.Join(", ", scrape.Names.Order())}");
            }
        }
    }

    [Fact]
    public void Dashboard_ShowsTheMainFigures()
    {
        var named = DashboardQueries().SelectMany(q => MetricName().Matches(q.Expr).Select(m => m.Value)).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "retention_accruals_total", "retention_declines_total", "retention_group_commit_size_bucket",
            "retention_group_commit_duration_seconds_bucket", "retention_store_write_failures_total",
            "orleans_catalog_activations", "orleans_app_requests_latency_milliseconds_count",
            "retention_webhook_deliveries_total", "retention_webhook_lag_seconds_bucket",
        }, named);
    }

    // Counters appear in a scrape only once they counted something: book a sale, a redemption and a decline first, and
    // have a webhook delivered.
    private async Task MakeEveryBusinessMetricAppearAsync()
    {
        using var admin = silo.Admin();
        await using var receiver = new RetentionActors.Tests.Shared.Webhooks.TestReceiver();
        var subscribed = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url.ToString() }, Ct));
        try
        {
            await BookBusinessAsync();
            await Eventually.Until(() => receiver.Acknowledged.Count > 0, "a webhook delivery", TimeSpan.FromSeconds(30));
        }
        finally
        {
            (await admin.DeleteAsync($"/api/webhooks/{subscribed.GetProperty("subscription").GetProperty("id").GetString()}", Ct)).EnsureSuccessStatusCode();
        }
    }

    private async Task BookBusinessAsync()
    {
        var grains = await silo.GrainsAsync();
        var id = "dashboard-" + Guid.NewGuid().ToString("N")[..8];
        var customer = grains.GetGrain<ICustomerGrain>(id);
        await customer.EnrollAsync(new CustomerProfile("Dashboard Customer"));
        var earned = await customer.EarnAsync(new Purchase("s1", "t1", id + "-r1", DateTimeOffset.UtcNow.AddMinutes(-1), 100m), null);
        Assert.True(earned.IsAccepted && earned.PointsEarned > 0, earned.Declined?.Message ?? "no points earned");
        var redeemed = await customer.RedeemAsync(new Redemption("s1", "t1", id + "-r2", DateTimeOffset.UtcNow.AddMinutes(-1), 1), null);
        Assert.True(redeemed.IsAccepted, redeemed.Declined?.Message);
        var declined = await customer.RedeemAsync(new Redemption("s1", "t1", id + "-r3", DateTimeOffset.UtcNow.AddMinutes(-1), 1_000_000), null);
        Assert.Equal(DeclineReason.InsufficientPoints, declined.Declined?.Reason);
    }

    private static List<(string Panel, string Expr)> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath()));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray().SelectMany(panel =>
            panel.GetProperty("targets").EnumerateArray().Select(target =>
                (panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!)))];
    }

    private static string DashboardPath()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "RetentionActors.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("RetentionActors.sln not found above " + AppContext.BaseDirectory);
        }
        return Path.Combine(folder.FullName, "deploy", "grafana", "retention-dashboard.json");
    }

    // Our metrics and Orleans' all start so; label names (reason, kind, le, instance) and PromQL functions do not.
    [GeneratedRegex(@"\b(retention|orleans)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}

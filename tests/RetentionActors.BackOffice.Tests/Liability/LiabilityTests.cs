using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Tests.Shared;

namespace RetentionActors.BackOffice.Tests.Liability;

/// <summary>
/// The points liability on <see cref="LiabilityLedger"/>, on each engine, against figures worked out by hand from the
/// entries listed there. Each test runs a silo of its own: the liability adds up the whole ledger.
/// </summary>
public sealed class LiabilityTests
{
    // As of the end of 2003-03-20: li-a's 100 − 40 + 200 − 50 = 210. L3 (earned 2003-03-05) is pending: 200 − 50 refunded = 150.
    // Window [2002-03-21, 2003-03-20]: issued 100 + 200, redeemed 40, reversed 50, nothing expired.
    private static readonly Expected s_march2003 = new("2003-03-20", 60, 150, 210, 0.300m, 0.750m, 1.050m, "2002-03-21", 300, 40, 0, 50, 0.0);

    // End of 2004-01-10: li-a 190, li-b 300 − 100 − 120 + 50 + 120 − 50 = 200. Pending (earned after 2003-12-12): L6 80;
    // M3's 50 were all refunded on 2004-01-10. Window [2003-01-11, 2004-01-10] leaves out la-1 (2003-01-10):
    // issued 200 + 80 + 300 + 50 = 630; redeemed 40 + 100 + 120 − 120 given back = 140; reversed 50 + 100 + 50 = 200.
    // 100 at the window's start + 630 − 140 − 200 = 390.
    private static readonly Expected s_january2004 = new("2004-01-10", 310, 80, 390, 1.550m, 0.400m, 1.950m, "2003-01-11", 630, 140, 0, 200, 0.0);

    // End of 2004-06-30: li-a 190 − 110 (L3 expired 2004-03-05) = 80, li-b 200; nothing pending. Window [2003-07-01, 2004-06-30]:
    // issued 80 + 300 + 50 = 430; redeemed 120 − 120 = 0; expired 110; reversed 100 + 50 = 150; breakage 110 / 430.
    private static readonly Expected s_june2004 = new("2004-06-30", 280, 0, 280, 1.400m, 0.000m, 1.400m, "2003-07-01", 430, 0, 110, 150, 25.5814);

    [Fact]
    public async Task Figures_as_of_three_days_equal_the_hand_computed_ledger_on_SQLite()
    {
        var data = DataFolder();
        await using var silo = await SiloProcess.StartAsync(data, new Dictionary<string, string> { ["RETENTION_ADMIN_TOKEN"] = BackOfficeSilo.AdminToken });
        await using var client = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(data), silo.GatewayPort);
        await CheckAsync(silo, client.Grains);
    }

    [Fact]
    public async Task Figures_as_of_three_days_equal_the_hand_computed_ledger_on_PostgreSQL()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var silo = await SiloProcess.StartAsync(DataFolder(), new Dictionary<string, string>
        {
            ["RETENTION_ADMIN_TOKEN"] = BackOfficeSilo.AdminToken,
            ["Silo__Postgres"] = database.ConnectionString,
        });
        await using var client = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database.ConnectionString), silo.GatewayPort);
        await CheckAsync(silo, client.Grains);
    }

    private static async Task CheckAsync(SiloProcess silo, IGrainFactory grains)
    {
        using var admin = new HttpClient { BaseAddress = new Uri((await silo.DashboardUrl).Replace("/dashboard/", "/", StringComparison.Ordinal)) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BackOfficeSilo.AdminToken);
        await LiabilityLedger.ConfigureProgramAsync(admin);
        await LiabilityLedger.WriteAsync(grains);

        foreach (var expected in new[] { s_march2003, s_january2004, s_june2004 })
        {
            expected.AssertIs(await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/analytics/liability?asOf=" + expected.AsOf, Ct)));
        }

        // Month ends: March 2003 ends as 2003-03-20 did (nothing happened in between), June 2004 is 2004-06-30, and by the end
        // of January 2005 everything has expired: 110 + 80 + 80 + 120 in the window, nothing issued, so no breakage rate.
        var months = (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/analytics/liability/monthly?from=2003-01&to=2005-01", Ct)))
            .EnumerateArray().ToList();
        Assert.Equal(25, months.Count);
        (s_march2003 with { AsOf = "2003-03-31", WindowFrom = "2002-04-01" }).AssertIs(months[2]);
        s_june2004.AssertIs(months[17]);
        new Expected("2005-01-31", 0, 0, 0, 0m, 0m, 0m, "2004-02-01", 0, 0, 390, 0, null).AssertIs(months[24]);

        // May's window still holds li-a's redemption of 2003-06-01.
        var csv = await admin.GetAsync("/api/export/liability.csv?from=2004-05&to=2004-06", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "as_of,currency,value_per_point,spendable_points,pending_points,outstanding_points,spendable_value,pending_value,outstanding_value,"
            + "window_from,issued_points,redeemed_points,expired_points,reversed_points,breakage_percent\r\n"
            + "2004-05-31,EUR,0.005,280,0,280,1.400,0.000,1.400,2003-06-01,430,100,110,150,25.5814\r\n"
            + "2004-06-30,EUR,0.005,280,0,280,1.400,0.000,1.400,2003-07-01,430,0,110,150,25.5814\r\n",
            await csv.Content.ReadAsStringAsync(Ct));

        // Adjustments made today: the one giving points is issued, the one taking points reversed.
        foreach (var (reference, points) in new[] { ("li-adj-1", 25), ("li-adj-2", -10) })
        {
            await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/customers/li-a/adjustments", new { reference, points, reason = "liability test" }, Ct));
        }
        var today = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/analytics/liability", Ct));
        Assert.Equal((15, 0, 25, 0, 0, 10), (today.GetProperty("outstandingPoints").GetInt64(), today.GetProperty("pendingPoints").GetInt64(),
            today.GetProperty("issuedPoints").GetInt64(), today.GetProperty("redeemedPoints").GetInt64(),
            today.GetProperty("expiredPoints").GetInt64(), today.GetProperty("reversedPoints").GetInt64()));
    }

    private static string DataFolder()
    {
        var data = Path.Combine(Path.GetTempPath(), "retention-liability-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        return data;
    }

    private sealed record Expected(string AsOf, long Spendable, long Pending, long Outstanding, decimal SpendableValue, decimal PendingValue,
        decimal OutstandingValue, string WindowFrom, long Issued, long Redeemed, long Expired, long Reversed, double? Breakage)
    {
        public void AssertIs(JsonElement r)
        {
            Assert.Equal(this, new Expected(r.GetProperty("asOf").GetString()!,
                r.GetProperty("spendablePoints").GetInt64(), r.GetProperty("pendingPoints").GetInt64(), r.GetProperty("outstandingPoints").GetInt64(),
                r.GetProperty("spendableValue").GetDecimal(), r.GetProperty("pendingValue").GetDecimal(), r.GetProperty("outstandingValue").GetDecimal(),
                r.GetProperty("windowFrom").GetString()!, r.GetProperty("issuedPoints").GetInt64(), r.GetProperty("redeemedPoints").GetInt64(),
                r.GetProperty("expiredPoints").GetInt64(), r.GetProperty("reversedPoints").GetInt64(),
                r.GetProperty("breakagePercent").ValueKind == JsonValueKind.Null ? null : r.GetProperty("breakagePercent").GetDouble()));
            Assert.Equal(LiabilityLedger.ValuePerPoint, r.GetProperty("valuePerPoint").GetDecimal());
        }
    }
}

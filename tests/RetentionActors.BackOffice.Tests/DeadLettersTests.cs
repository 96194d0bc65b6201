using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests;

/// <summary>The Dead letters page's API: a store's refused sales listed with their reason, booked corrected once, or dismissed; both audited.</summary>
public sealed class DeadLettersTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task An_admin_books_a_sale_corrected_by_the_measured_skew_once_however_often_and_the_ledger_shows_both_times()
    {
        var (store, customerId, day) = await RefusedSales.SeedAsync(silo, "dl-r1");
        var (admin, adminName) = await silo.OperatorAsync("admin", "dl-admin");
        using var analyst = silo.Analyst();
        var letterPath = $"/api/deadletters/{store}/till-1/{TillDay.Text(day)}/dl-r1";

        var open = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync($"/api/deadletters?store={store}&status=open", Ct));
        var refused = await BackOfficeSilo.ProblemAsync(await analyst.PostAsJsonAsync($"{letterPath}/retry", new { undoClockSkew = true }, Ct), 403);
        var booked = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync($"{letterPath}/retry", new { undoClockSkew = true }, Ct));
        var again = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync($"{letterPath}/retry", new { undoClockSkew = true }, Ct));
        var stillOpen = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync($"/api/deadletters?store={store}", Ct));
        var ledger = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync($"/api/customers/{customerId}/ledger", Ct));
        var csv = (await (await analyst.GetAsync("/api/export/ledger.csv", Ct)).Content.ReadAsStringAsync(Ct)).Split('\n');
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync($"/api/audit?target={store}/till-1/{TillDay.Text(day)}/dl-r1", Ct));

        var listed = Assert.Single(open.EnumerateArray());
        Assert.Equal(("dl-r1", "tillClockSkew", "Open"), (listed.GetProperty("receiptId").GetString(), listed.GetProperty("reasonCode").GetString(), listed.GetProperty("status").GetString()));
        Assert.InRange(listed.GetProperty("clockSkewMinutes").GetInt64(), 2 * 24 * 60 - 2, 2 * 24 * 60);
        Assert.StartsWith("the till's clock is 2 days 0 h ahead", listed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("analyst", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Done", "Booked", adminName), (booked.GetProperty("outcome").GetString(), booked.GetProperty("letter").GetProperty("status").GetString(),
            booked.GetProperty("letter").GetProperty("resolvedBy").GetString()));
        Assert.Equal(25, booked.GetProperty("accrual").GetProperty("pointsEarned").GetInt64());
        Assert.Equal("AlreadyDone", again.GetProperty("outcome").GetString());
        Assert.Equal(0, stillOpen.GetArrayLength());
        var entry = Assert.Single(ledger.EnumerateArray());
        var occurred = entry.GetProperty("occurredAt").GetDateTimeOffset();
        Assert.InRange(occurred, DateTimeOffset.UtcNow.AddHours(-2).AddMinutes(-3), DateTimeOffset.UtcNow.AddHours(-2).AddMinutes(3)); // when it really happened
        Assert.True(entry.GetProperty("recordedAt").GetDateTimeOffset() > occurred.AddHours(1));
        Assert.Equal(TillDay.Text(day), entry.GetProperty("businessDay").GetString()); // the receipt as printed
        var header = csv[0].Split(',');
        var row = Assert.Single(csv, l => l.StartsWith($"{customerId},", StringComparison.Ordinal)).Split(',');
        Assert.Equal(occurred, DateTimeOffset.Parse(row[Array.IndexOf(header, "occurred_at")], System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual("", row[Array.IndexOf(header, "recorded_utc")]);
        Assert.Equal([("retry-dead-letter", adminName, "alreadydone"), ("retry-dead-letter", adminName, "booked")],
            audit.EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("actor").GetString(), a.GetProperty("outcome").GetString())));
        admin.Dispose();
    }

    [Fact]
    public async Task A_dismissed_sale_is_listed_as_dismissed_with_its_reason_and_can_no_longer_be_booked()
    {
        var (store, customerId, day) = await RefusedSales.SeedAsync(silo, "dl-d1", "dl-d2");
        using var admin = silo.Admin();
        var letterPath = $"/api/deadletters/{store}/till-1/{TillDay.Text(day)}/dl-d1";

        var dismissed = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync($"{letterPath}/dismiss", new { reason = "training sale" }, Ct));
        var bookDismissed = await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync($"{letterPath}/retry", new { undoClockSkew = true }, Ct), 409);
        var unknown = await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync($"/api/deadletters/{store}/till-1/{TillDay.Text(day)}/nope/dismiss", new { reason = "x" }, Ct), 404);
        var badDay = await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync($"/api/deadletters/{store}/till-1/yesterday/dl-d1/dismiss", new { reason = "x" }, Ct), 400);
        var badStatus = await BackOfficeSilo.ProblemAsync(await admin.GetAsync($"/api/deadletters?store={store}&status=lost", Ct), 400);
        var listedDismissed = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/deadletters?store={store}&status=dismissed", Ct));
        var listedOpen = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/deadletters?store={store}", Ct));
        var ledger = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/customers/{customerId}/ledger", Ct));
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/audit?target={store}/till-1/{TillDay.Text(day)}/dl-d1", Ct));
        var one = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync(letterPath, Ct));

        Assert.Equal(("Done", "training sale"), (dismissed.GetProperty("outcome").GetString(), dismissed.GetProperty("letter").GetProperty("resolutionNote").GetString()));
        Assert.Contains("dismissed", bookDismissed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no dead letter", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("businessDay", badDay.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("status is open", badStatus.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["dl-d1"], listedDismissed.EnumerateArray().Select(l => l.GetProperty("receiptId").GetString()));
        Assert.Equal(["dl-d2"], listedOpen.EnumerateArray().Select(l => l.GetProperty("receiptId").GetString()));
        Assert.Equal(0, ledger.GetArrayLength());
        Assert.Equal(("Dismissed", "training sale", 25m), (one.GetProperty("status").GetString(), one.GetProperty("resolutionNote").GetString(), one.GetProperty("amount").GetDecimal()));
        Assert.Equal([("retry-dead-letter", "conflict"), ("dismiss-dead-letter", "dismissed")],
            audit.EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("outcome").GetString())));
    }
}

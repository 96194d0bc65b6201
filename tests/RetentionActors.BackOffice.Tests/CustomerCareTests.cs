using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests;

public sealed class CustomerCareTests(BackOfficeSilo silo)
{
    private async Task EnrollAsync(string id, string email, string phone, string card)
    {
        var grains = await silo.GrainsAsync();
        await grains.GetGrain<ICustomerGrain>(id).EnrollAsync(new CustomerProfile("Care " + id, email, phone));
        await grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(id);
        await grains.GetGrain<ICustomerGrain>(id).EarnAsync(new Purchase("s1", "t1", id + "-r1", DateTimeOffset.UtcNow.AddDays(-1), 25m), CardId.Parse(card));
    }

    [Fact]
    public async Task A_customer_is_found_by_card_email_phone_or_id_and_shown_with_cards_and_ledger()
    {
        await EnrollAsync("care-1", "Care.One@Example.com", "+44 20 7946 0001", "nfc:04C1C2C3C4C5C6");
        using var analyst = silo.Analyst();
        foreach (var (query, by) in new[] { ("nfc:04C1C2C3C4C5C6", "card"), ("CARE.ONE@example.com", "email"), ("+44 20 7946 0001", "phone"), ("care-1", "id") })
        {
            var hits = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/customers?q=" + Uri.EscapeDataString(query), Ct));
            var hit = Assert.Single(hits.EnumerateArray());
            Assert.Equal("care-1", hit.GetProperty("customerId").GetString());
            Assert.Equal(by, hit.GetProperty("matchedBy").GetString());
        }
        Assert.Empty((await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/customers?q=nobody@example.com", Ct))).EnumerateArray());

        var detail = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/customers/care-1", Ct));
        Assert.Equal(25, detail.GetProperty("customer").GetProperty("balance").GetInt64());
        Assert.Equal("Active", detail.GetProperty("cards")[0].GetProperty("status").GetString());
        var ledger = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/customers/care-1/ledger?afterSeq=0&take=10", Ct));
        Assert.Equal("Purchase", ledger[0].GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("/api/customers?q=")]
    [InlineData("/api/customers/care-1/ledger?take=0")]
    [InlineData("/api/customers/care-1/ledger?take=1001")]
    [InlineData("/api/cards/not-a-card")]
    public async Task Bad_lookups_are_validation_problems(string path)
    {
        using var analyst = silo.Analyst();
        await BackOfficeSilo.ProblemAsync(await analyst.GetAsync(path, Ct), 400);
    }

    [Fact]
    public async Task Gdpr_erasure_removes_the_person_keeps_the_ledger_amounts_and_is_audited()
    {
        await EnrollAsync("care-erase", "Erase.Me@Example.com", "+44 20 7946 0099", "nfc:04AB0000E7A5E0");
        using var analyst = silo.Analyst();
        using var admin = silo.Admin();

        var refused = await analyst.PostAsync("/api/customers/care-erase/erase", null, Ct);
        var erased = await admin.PostAsync("/api/customers/care-erase/erase", null, Ct);
        var again = await admin.PostAsync("/api/customers/care-erase/erase", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var profile = (await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/customers/care-erase", Ct))).GetProperty("customer");
        Assert.Equal("Erased customer", profile.GetProperty("profile").GetProperty("displayName").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("profile").GetProperty("email").ValueKind);
        Assert.Equal(25, profile.GetProperty("balance").GetInt64());
        Assert.Empty((await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/customers?q=erase.me%40example.com", Ct))).EnumerateArray());
        var ledger = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/customers/care-erase/ledger", Ct));
        Assert.Equal(25m, ledger[0].GetProperty("amount").GetDecimal());
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/audit?target=care-erase", Ct));
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "gdpr-erase");
    }

    [Fact]
    public async Task Unknown_customers_are_not_found()
    {
        using var analyst = silo.Analyst();
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/customers/care-nobody", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/customers/care-nobody/ledger", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/customers/care-nobody/export", Ct)).StatusCode);
        using var admin = silo.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/customers/care-nobody/adjustments", new { reference = "x", points = 5, reason = "r" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_manual_adjustment_moves_points_once_per_reference_and_is_audited_with_who_and_why()
    {
        await EnrollAsync("care-2", "care2@example.com", "+44 20 7946 0002", "nfc:04D1D2D3D4D5D6");
        var (client, maria) = await silo.OperatorAsync("admin", "maria");
        using var admin = client;
        var adjustment = new { reference = "CASE-17", points = 40, reason = "Till was offline" };
        var first = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/customers/care-2/adjustments", adjustment, Ct));
        Assert.Equal(65, first.GetProperty("balance").GetInt64());
        var again = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/customers/care-2/adjustments", adjustment, Ct));
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(65, again.GetProperty("balance").GetInt64());

        var ledger = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/care-2/ledger", Ct));
        var entry = ledger.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Adjustment");
        Assert.Equal(maria, entry.GetProperty("operatorId").GetString());
        Assert.Equal("Till was offline", entry.GetProperty("reason").GetString());

        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?target=care-2", Ct));
        var record = audit.EnumerateArray().First(a => a.GetProperty("action").GetString() == "adjust");
        Assert.Equal(maria, record.GetProperty("actor").GetString());
        Assert.Contains("Till was offline", record.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - record.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromMinutes(5));

        // Taking more points than the customer has is declined, and nothing changes.
        var declined = await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/customers/care-2/adjustments", new { reference = "CASE-18", points = -1000, reason = "oops" }, Ct), 409);
        Assert.Equal("InsufficientPoints", declined.GetProperty("title").GetString());
        // Malformed: zero points, no reason.
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/customers/care-2/adjustments", new { reference = "CASE-19", points = 0, reason = "x" }, Ct), 400);
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/customers/care-2/adjustments", new { reference = "CASE-20", points = 5, reason = "" }, Ct), 400);
        Assert.Equal(65, (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/care-2", Ct))).GetProperty("customer").GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_card_that_was_never_issued_cannot_be_blocked_and_stays_unissued()
    {
        using var admin = silo.Admin();
        const string Never = "nfc:04A0A0A0A0A0A1";

        var first = await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync($"/api/cards/{Never}/block", new { reason = "Lost" }, Ct), 409);
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync($"/api/cards/{Never}/block", new { reason = "Lost" }, Ct), 409);
        var card = await (await silo.GrainsAsync()).GetGrain<ILoyaltyCardGrain>(Never).GetAsync();

        Assert.Equal("UnknownCard", first.GetProperty("title").GetString());
        Assert.Equal(CardStatus.Unissued, card.Status);
    }

    [Fact]
    public async Task A_card_is_blocked_and_replaced_and_both_are_audited()
    {
        await EnrollAsync("care-3", "care3@example.com", "+44 20 7946 0003", "nfc:04E1E2E3E4E5E6");
        await EnrollAsync("care-4", "care4@example.com", "+44 20 7946 0004", "nfc:04F1F2F3F4F5F6");
        using var admin = silo.Admin();
        var replaced = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/cards/nfc:04E1E2E3E4E5E6/replace", new { newCardId = "nfc:04E1E2E3E4E5E7" }, Ct));
        Assert.Equal("Replaced", replaced.GetProperty("status").GetString());
        var detail = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/care-3", Ct));
        Assert.Contains(detail.GetProperty("cards").EnumerateArray(), c => c.GetProperty("cardId").GetString() == "nfc:04E1E2E3E4E5E7" && c.GetProperty("status").GetString() == "Active");

        var blocked = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/cards/nfc:04F1F2F3F4F5F6/block", new { reason = "Lost" }, Ct));
        Assert.Equal("Blocked", blocked.GetProperty("status").GetString());
        // Replacing onto a card that belongs to someone else is declined.
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/cards/nfc:04E1E2E3E4E5E7/replace", new { newCardId = "nfc:04F1F2F3F4F5F6" }, Ct), 409);
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/cards/nfc:04F1F2F3F4F5F6/replace", new { newCardId = "garbage" }, Ct), 400);
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/cards/nfc:04F1F2F3F4F5F6/block", new { reason = "" }, Ct), 400);

        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?target=nfc:04F1F2F3F4F5F6", Ct));
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "block-card" && a.GetProperty("detail").GetString() == "Lost");
    }

    [Fact]
    public async Task The_GDPR_export_holds_profile_cards_ledger_and_the_changes_made_to_the_person()
    {
        await EnrollAsync("care-5", "care5@example.com", "+44 20 7946 0005", "nfc:04A5A5A5A5A5A5");
        using var admin = silo.Admin();
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/customers/care-5/adjustments", new { reference = "G-1", points = 3, reason = "goodwill" }, Ct));
        var export = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/care-5/export", Ct));
        Assert.Equal("care5@example.com", export.GetProperty("customer").GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal("nfc:04A5A5A5A5A5A5", export.GetProperty("cards")[0].GetProperty("cardId").GetString());
        Assert.Equal(2, export.GetProperty("ledger").GetArrayLength());
        Assert.Contains(export.GetProperty("backOfficeChanges").EnumerateArray(), a => a.GetProperty("action").GetString() == "adjust");
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?target=care-5", Ct));
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "gdpr-export");
    }
}

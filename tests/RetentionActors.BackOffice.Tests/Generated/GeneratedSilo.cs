using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// A silo of the generated suites' own (not the assembly's shared one, whose state other tests change while these
/// run), seeded with a program, customers, cards, a coupon, an operator, a terminal credential, pending adjustments
/// and dead letters for the valid requests to name. Its database file is what the suites snapshot.
/// </summary>
public sealed class GeneratedSilo : IAsyncLifetime
{
    public const string AdminToken = "generated-admin-token-0123456789";
    public const string AnalystToken = "generated-analyst-token-0123456789";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "retention-generated-" + Guid.NewGuid().ToString("N"));
    private SiloProcess? _silo;

    public Uri BaseUrl { get; private set; } = null!;

    public string DatabaseFile => Path.Combine(_data, "retention.db");

    public Seeds Seeds { get; private set; } = null!;

    public ApiCallers Callers { get; private set; } = null!;

    public string Output => _silo?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _silo = await SiloProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["RETENTION_ADMIN_TOKEN"] = AdminToken,
            ["RETENTION_ANALYST_TOKEN"] = AnalystToken,
        });
        BaseUrl = new Uri((await _silo.DashboardUrl).Replace("/dashboard/", "/", StringComparison.Ordinal));
        using var admin = Client(AdminToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var program = (await Read(await admin.GetAsync("/api/program")))["settings"]!.AsObject();
        program["categoryMultipliers"] = new JsonObject { ["coffee"] = 2 };
        program["tiers"] = JsonNode.Parse("""[{"name":"Member","minimumSpend":0,"earnMultiplier":1},{"name":"Gold","minimumSpend":1000,"earnMultiplier":2}]""");
        program["stampCards"] = JsonNode.Parse("""[{"id":"coffee-card","name":"Coffee card","sku":null,"category":"coffee","stampsNeeded":5,"reward":"free coffee"}]""");
        program["rewards"] = JsonNode.Parse("""[{"id":"tote","name":"Tote bag","pointsCost":100,"kind":"FreeItem","value":5}]""");
        program["campaigns"] = JsonNode.Parse(
            """[{"id":"autumn","name":"Autumn","kind":"SpendBonus","starts":"2026-01-01T00:00:00Z","ends":"2030-01-01T00:00:00Z","threshold":50,"bonusPoints":10,"multiplier":1,"pointsBudget":1000}]""");
        program["adjustmentApprovalThreshold"] = 1000;
        await Read(await admin.PutAsync("/api/program", Json(program)));
        var settings = (await Read(await admin.GetAsync("/api/program")))["settings"]!.ToJsonString();

        var yesterday = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Read(await admin.PostAsync("/api/import/purchases", new StringContent(
            $"""
            customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of
            fz-cust-1,fz-seed-1,fz-store,{yesterday}T10:00:00Z,42.50,purchase,
            fz-cust-1,fz-seed-2,fz-store,{yesterday}T11:00:00Z,18.90,purchase,
            fz-cust-2,fz-seed-3,fz-store,{yesterday}T12:00:00Z,120.00,purchase,
            fz-cust-3,fz-seed-4,fz-store,{yesterday}T13:00:00Z,7.00,purchase,

            """, Encoding.UTF8, "text/csv")));

        await using (var cluster = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(_data), _silo.GatewayPort))
        {
            foreach (var (card, customer) in new[] { ("mag:6009900000001", "fz-cust-1"), ("mag:6009900000002", "fz-cust-2") })
            {
                var linked = await cluster.Grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(customer);
                Assert.True(linked.IsAccepted, linked.Declined?.Message);
            }
            var letters = cluster.Grains.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("fz-store", "fz-till"));
            foreach (var receipt in new[] { "fz-dl-1", "fz-dl-2" })
            {
                var now = DateTimeOffset.UtcNow;
                await letters.ReportAsync(new DeadLetterReport("fz-store", "fz-till", "mag:6009900000001",
                    new Purchase("fz-store", "fz-till", receipt, now, 12.50m) { BusinessDay = today }, "unknownCard", "the card was not issued yet", now, 1));
            }
        }

        var coupon = await Read(await admin.PostAsync("/api/coupons", Json(new JsonObject
        {
            ["customerId"] = "fz-cust-1", ["reference"] = "fz-coupon-1", ["kind"] = "FixedDiscount", ["description"] = "seeded", ["value"] = 5,
        })));
        // Targeted coupons with a holdout, for the uplift reports to name: a win-back and a segment's.
        await Read(await admin.PostAsync("/api/winback", Json(new JsonObject
        {
            ["campaign"] = "fz-wb-seed", ["customerIds"] = new JsonArray("fz-cust-2", "fz-cust-3"), ["value"] = 5, ["holdoutPercent"] = 50,
        })));
        var segment = (await Read(await admin.GetAsync("/api/analytics/rfm")))["segments"]![0]!["segment"]!.GetValue<string>();
        await Read(await admin.PostAsync("/api/coupons/segments", Json(new JsonObject
        {
            ["campaign"] = "fz-seg-seed", ["segment"] = segment, ["value"] = 5, ["holdoutPercent"] = 50,
        })));
        // A receiver that is not there: the subscription keeps failing, as the run's status and replay calls need nothing more.
        var webhook = await Read(await admin.PostAsync("/api/webhooks", Json(new JsonObject { ["url"] = "http://localhost:9/fz-hook" })));
        await Read(await admin.PostAsync("/api/operators", Json(new JsonObject { ["name"] = "fz-op-1", ["role"] = "Analyst" })));
        var approver = await Read(await admin.PostAsync("/api/operators", Json(new JsonObject { ["name"] = "fz-approver", ["role"] = "Approver" })));
        using var anonymous = Client(null);
        var session = await Read(await anonymous.PostAsync("/api/sessions", Json(new JsonObject { ["operator"] = "fz-approver", ["secret"] = approver["secret"]!.GetValue<string>() })));
        var credential = await Read(await admin.PostAsync("/api/terminals/credentials", Json(new JsonObject
        {
            ["storeId"] = "fz-store", ["terminalId"] = "fz-till-2", ["role"] = "Till", ["validDays"] = 30,
        })));
        var approvals = new List<string>();
        foreach (var reference in new[] { "fz-pending-1", "fz-pending-2" })
        {
            var pending = await Read(await admin.PostAsync("/api/customers/fz-cust-1/adjustments", Json(new JsonObject
            {
                ["reference"] = reference, ["points"] = 5000, ["reason"] = "above the approval threshold",
            })));
            approvals.Add(pending["id"]!.GetValue<string>());
        }

        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Seeds = new Seeds("fz-cust-1", "fz-cust-3", "mag:6009900000001", "mag:6009900000002", "mag:6009900000099",
            coupon["code"]!.GetValue<string>(), "fz-op-1", credential["credential"]!["id"]!.GetValue<string>(), approvals[0], approvals[1],
            new DeadLetterPlace("fz-store", "fz-till", day, "fz-dl-1"), new DeadLetterPlace("fz-store", "fz-till", day, "fz-dl-2"), settings, today,
            webhook["subscription"]!["id"]!.GetValue<string>(), segment);
        Callers = new ApiCallers(ApiCaller.Bearer("admin", AdminToken), ApiCaller.Bearer("analyst", AnalystToken),
            ApiCaller.Bearer("approver", session["sessionId"]!.GetValue<string>()));
    }

    /// <summary>A client of the silo that sends what it is given as it is (no default headers, 60 s per request).</summary>
    public HttpClient Raw() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

    public HttpClient Client(string? token)
    {
        var client = Raw();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task<JsonNode> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Seeding the generated suites' silo: {(int)response.StatusCode} {body}\n{Output}");
        return JsonNode.Parse(body)!;
    }
}

[CollectionDefinition(Name)]
public sealed class GeneratedCollection : ICollectionFixture<GeneratedSilo>
{
    public const string Name = "generated";
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Tests.Shared;
using RetentionActors.Tests.Shared.Webhooks;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// Two silo processes in cluster mode on a PostgreSQL server of this class's own, which goes away under them: calls
/// fail retryably and the silos say they cannot write, then everything resumes without restarting a silo, and every
/// purchase answered as accrued is in the ledger exactly once.
/// </summary>
public sealed class DatabaseOutageProcessTests(OwnPostgres postgres) : IClassFixture<OwnPostgres>
{
    private const int Customers = 16;
    private static readonly DateTimeOffset SaleTime = DateTimeOffset.UtcNow.AddMinutes(-5);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task While_the_database_is_down_calls_fail_retryably_and_silos_are_unready_and_once_it_is_back_purchases_accrue_again_without_a_silo_restart()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var siloA = await SiloProcess.StartAsync(Path.GetTempPath(), "--postgres", database);
        await using var siloB = await SiloProcess.StartAsync(Path.GetTempPath(), "--postgres", database);
        await using var client = await ConnectAsync(database, siloA, siloB);
        using var http = new HttpClient();
        var till = await Till.OpenAsync(client);
        Assert.Equal(Customers, await till.RoundAsync());

        // pg_ctl restart -m fast, with the gap between its stop and its start held open to look at the outage.
        await postgres.StopAsync();
        var accruedWhileDown = await till.RoundAsync();
        await Eventually.Until(async () => (await till.RoundAsync(), await ReadyAsync(http, siloA), await ReadyAsync(http, siloB)),
            seen => seen is (_, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable),
            "both silos' /health/ready to answer 503 while the database is down (purchases, readiness A, readiness B)", Within);
        var liveWhileDown = (await LiveAsync(http, siloA), await LiveAsync(http, siloB));
        var unavailable = till.Unavailable.Count;
        await postgres.StartAsync();
        await Eventually.Until(till.RoundAsync, accrued => accrued == Customers, "a round of purchases on every customer to accrue again", Within);
        await Eventually.Until(async () => (await ReadyAsync(http, siloA), await ReadyAsync(http, siloB)),
            seen => seen is (HttpStatusCode.OK, HttpStatusCode.OK), "both silos' /health/ready to answer 200 again", Within);
        await till.RetryUnavailableAsync();

        Assert.True(till.OtherFailures.IsEmpty, string.Join('\n', till.OtherFailures.Take(5)));
        Assert.Equal(0, accruedWhileDown);
        Assert.True(unavailable >= Customers, $"only {unavailable} purchases were refused while the database was down");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), liveWhileDown);
        await AssertLedgerHoldsEachAccruedPurchaseOnceAsync(database, till);
        Assert.Equal(2L, await ScalarAsync(database, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
        foreach (var silo in new[] { siloA, siloB })
        {
            Assert.Contains($"check that PostgreSQL at 127.0.0.1:{postgres.Port} is up", silo.Output, StringComparison.Ordinal);
            Assert.Contains("The loyalty database is reachable again", silo.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(database, silo.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Killing_every_database_connection_mid_stream_fails_only_calls_in_flight_retryably_and_loses_and_doubles_nothing()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var siloA = await SiloProcess.StartAsync(Path.GetTempPath(), "--postgres", database);
        await using var siloB = await SiloProcess.StartAsync(Path.GetTempPath(), "--postgres", database);
        await using var client = await ConnectAsync(database, siloA, siloB);
        using var http = new HttpClient();
        var till = await Till.OpenAsync(client);

        // Four tills ring up purchases while every connection of the database is cut twice under them.
        using var stop = new CancellationTokenSource();
        var tills = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await till.RoundAsync();
            }
        })).ToList();
        await Eventually.Until(() => till.Accrued.Count >= 2 * Customers, "purchases to flow before the cut", Within);
        var killed = await PostgresBackends.KillAllAsync(database);
        var accruedAtCut = till.Accrued.Count;
        await Eventually.Until(() => till.Accrued.Count >= accruedAtCut + 2 * Customers, "purchases to accrue again after the first cut", Within);
        killed += await PostgresBackends.KillAllAsync(database);
        accruedAtCut = till.Accrued.Count;
        await Eventually.Until(() => till.Accrued.Count >= accruedAtCut + 2 * Customers, "purchases to accrue again after the second cut", Within);
        await stop.CancelAsync();
        await Task.WhenAll(tills);
        var refused = till.Unavailable.Count;
        await till.RetryUnavailableAsync();

        Assert.True(killed >= 4, $"only {killed} connections were cut");
        Assert.True(refused > 0, "no purchase met a cut connection: the test cut nothing that was in use");
        Assert.True(till.OtherFailures.IsEmpty, string.Join('\n', till.OtherFailures.Take(5)));
        await AssertLedgerHoldsEachAccruedPurchaseOnceAsync(database, till);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await ReadyAsync(http, siloA), await ReadyAsync(http, siloB)));
    }

    [Fact]
    public async Task Webhook_deliveries_cut_off_by_a_database_outage_resume_after_it_and_every_event_arrives_signed()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var silo = await SiloProcess.StartAsync(Path.GetTempPath(), WebhookSettings, "--postgres", database);
        await using var client = await ConnectAsync(database, silo);
        await using var receiver = new TestReceiver();
        using var admin = await AdminAsync(silo);
        var created = await (await admin.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url.ToString(), after = "0" }, TestContext.Current.CancellationToken))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        receiver.Secret = created.GetProperty("secret").GetString()!;
        var till = await Till.OpenAsync(client);
        await till.RoundAsync();
        // Slow answers keep deliveries in flight when the database goes: their acknowledgement cannot be stored.
        receiver.Delay = TimeSpan.FromMilliseconds(300);

        await postgres.StopAsync();
        await till.RoundAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await postgres.StartAsync();
        receiver.Delay = TimeSpan.Zero;
        await Eventually.Until(till.RoundAsync, accrued => accrued == Customers, "a round of purchases on every customer to accrue again", Within);
        await till.RetryUnavailableAsync();
        var stored = await EventIdsAsync(database);
        await Eventually.Until(() => Task.FromResult(stored.Except(receiver.Acknowledged.Select(d => d.EventId)).Count()), missing => missing == 0,
            "every stored event to be acknowledged by the receiver (events still missing)", Within);

        Assert.All(receiver.Deliveries, delivery => Assert.True(delivery.SignatureValid, $"event {delivery.EventId}: invalid signature"));
        Assert.Equal(stored.Order(), receiver.Acknowledged.Select(d => d.EventId).Order());
        Assert.True(till.Accrued.Count > Customers, "no purchase accrued after the outage");
        // The silo saw the outage (its workers poll every 0.1 s, so they met it too, and say nothing more of it).
        Assert.Contains($"check that PostgreSQL at 127.0.0.1:{postgres.Port} is up", silo.Output, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, string> WebhookSettings = new()
    {
        ["RETENTION_ADMIN_TOKEN"] = AdminToken,
        ["Webhooks__AllowedNetworks"] = "127.0.0.0/8",
        ["Webhooks__FirstRetry"] = "00:00:00.2",
        ["Webhooks__MaxRetry"] = "00:00:00.5",
        ["Webhooks__Timeout"] = "00:00:01",
        ["Webhooks__Lease"] = "00:00:03",
        ["Webhooks__PollInterval"] = "00:00:00.1",
    };

    private const string AdminToken = "outage-admin-token-0123456789abcdef";

    private static async Task<HttpClient> AdminAsync(SiloProcess silo)
    {
        var admin = new HttpClient { BaseAddress = new Uri(new Uri(await silo.DashboardUrl), "/") };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return admin;
    }

    private static async Task<List<Guid>> EventIdsAsync(string database)
    {
        var ids = new List<Guid>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand("SELECT event_id FROM outbox_events", connection);
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
        }
        return ids;
    }

    /// <summary>The Orleans client the tills use: it enrolls customers too, so it plays the back office (inside the cluster).</summary>
    private static Task<SiloClient> ConnectAsync(string database, params SiloProcess[] silos) =>
        SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database), [.. silos.Select(s => s.GatewayPort)]);

    private static async Task AssertLedgerHoldsEachAccruedPurchaseOnceAsync(string database, Till till)
    {
        var rows = new Dictionary<string, long>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand("SELECT receipt_id, count(*) FROM ledger WHERE kind = 'Purchase' GROUP BY receipt_id", connection);
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        Assert.Empty(till.Unavailable);
        Assert.All(till.Accrued.Keys, receipt => Assert.Equal(1L, rows.GetValueOrDefault(receipt)));
        Assert.Equal(till.Accrued.Keys.Order(), rows.Keys.Order());
    }

    private static async Task<HttpStatusCode> ReadyAsync(HttpClient http, SiloProcess silo) => await StatusAsync(http, silo, "/health/ready");

    private static async Task<HttpStatusCode> LiveAsync(HttpClient http, SiloProcess silo) => await StatusAsync(http, silo, "/health/live");

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, SiloProcess silo, string path)
    {
        using var response = await http.GetAsync(new Uri(new Uri(await silo.DashboardUrl), path), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand(sql, connection);
        return await query.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Purchases on fresh receipts, one per customer a round, with every answer noted by receipt.</summary>
    private sealed class Till(SiloClient client)
    {
        private int _receipts;

        public ConcurrentDictionary<string, AccrualResult> Accrued { get; } = new();

        /// <summary>Receipts answered with <see cref="StoreUnavailableException"/> and not (yet) retried.</summary>
        public ConcurrentDictionary<string, int> Unavailable { get; } = new();

        /// <summary>Any other failure: there must be none.</summary>
        public ConcurrentQueue<string> OtherFailures { get; } = new();

        public static async Task<Till> OpenAsync(SiloClient client)
        {
            await client.Grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(ProgramSettings.Default, "op-test");
            for (var c = 0; c < Customers; c++)
            {
                Assert.True((await client.Grains.GetGrain<ICustomerGrain>($"cust-{c}").EnrollAsync(new CustomerProfile($"Customer {c}"))).IsAccepted);
                Assert.True((await client.Grains.GetGrain<ILoyaltyCardGrain>(CardOf(c)).LinkAsync($"cust-{c}")).IsAccepted);
            }
            return new Till(client);
        }

        /// <summary>One purchase per customer; returns how many accrued.</summary>
        public async Task<int> RoundAsync()
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, Customers).Select(c => PurchaseAsync(c, $"R{Interlocked.Increment(ref _receipts):D5}")));
            return answers.Count(accrued => accrued);
        }

        /// <summary>What a till's outbox does with a purchase the database could not take: the same receipt again until it accrues.</summary>
        public async Task RetryUnavailableAsync()
        {
            foreach (var receipt in Unavailable.Keys.Order())
            {
                await Eventually.Until(() => PurchaseAsync(Unavailable[receipt], receipt), accrued => accrued, $"retried receipt {receipt} to accrue", Within);
                Unavailable.TryRemove(receipt, out _);
            }
        }

        private async Task<bool> PurchaseAsync(int customer, string receipt)
        {
            try
            {
                var answer = await client.Grains.GetGrain<ILoyaltyCardGrain>(CardOf(customer)).EarnAsync(new Purchase("s1", "t1", receipt, SaleTime, 10m));
                if (!answer.IsAccepted)
                {
                    OtherFailures.Enqueue($"{receipt}: declined {answer.Declined?.Reason} {answer.Declined?.Message}");
                    return false;
                }
                Accrued[receipt] = answer;
                return true;
            }
            catch (StoreUnavailableException)
            {
                Unavailable[receipt] = customer;
                return false;
            }
            catch (Exception e)
            {
                OtherFailures.Enqueue($"{receipt}: {e.GetType().Name}: {e.Message}");
                return false;
            }
        }

        private static string CardOf(int customer) => $"mag:{8000000000L + customer}";
    }
}

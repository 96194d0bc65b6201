using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Tests.Shared.Webhooks;
using static RetentionActors.Tests.Shared.Webhooks.TestReceiver;

namespace RetentionActors.BackOffice.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_receiver_that_fails_times_out_and_recovers_gets_every_event_signed_and_in_order_per_customer()
    {
        await using var silo = await WebhookSilo.StartAsync();
        await using var receiver = new TestReceiver(null, Answer.Unavailable, Answer.Unavailable, Answer.Hang, Answer.ServerError);
        var grains = await silo.GrainsAsync();
        await GiveTheProgramTiersAsync(grains);
        var (id, secret) = await SubscribeAsync(silo.Admin, receiver.Url);
        receiver.Secret = secret;

        var customers = await RunScriptAsync(grains, "hook");
        var expected = await FeedAsync(silo.Admin, customers);
        await receiver.WaitForAsync(r => r.Acknowledged.Count(d => customers.Contains(CustomerOf(d))) == expected.Count, $"all {expected.Count} events", Within);

        var acknowledged = receiver.Acknowledged.Where(d => customers.Contains(CustomerOf(d))).ToList();
        Assert.Contains(EventTypesOf(expected), t => t == "customer.tier_changed");
        Assert.Equal(expected.Select(e => e.GetProperty("id").GetGuid()).Order(), acknowledged.Select(d => d.EventId).Order());
        Assert.All(receiver.Deliveries, d => Assert.True(d.SignatureValid, $"event {d.EventId} came with a signature that does not verify"));
        AssertInOrderPerCustomer(acknowledged);
        Assert.True(receiver.Deliveries.Count > acknowledged.Count, "The receiver's failures were never retried.");
        var status = await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.GetAsync($"/api/webhooks/{id}", Ct));
        Assert.Equal("Active", status.GetProperty("status").GetString());
        Assert.False(status.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, silo.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_killed_mid_delivery_loses_no_event_and_the_next_one_carries_on_in_order()
    {
        var silo = await WebhookSilo.StartAsync();
        try
        {
            await using var receiver = new TestReceiver(TimeSpan.FromMilliseconds(300));
            var (_, secret) = await SubscribeAsync(silo.Admin, receiver.Url);
            receiver.Secret = secret;
            var customers = await RunScriptAsync(await silo.GrainsAsync(), "kill");
            var expected = await FeedAsync(silo.Admin, customers);
            // Killed while the receiver holds a delivery: its acknowledgement never reaches the silo.
            await receiver.WaitForAsync(r => r.Acknowledged.Count >= 5 && r.InFlight > 0, "the first 5 events and one more in flight", Within);

            // Refused first: the answer comes only after the receiver's delay, when the silo is gone; so it reaches nobody.
            receiver.RefuseInFlight();
            await silo.KillAsync();
            silo = await silo.RestartAsync();
            await receiver.WaitForAsync(r => r.Acknowledged.Count(d => customers.Contains(CustomerOf(d))) == expected.Count, $"all {expected.Count} events after the restart", Within);

            var acknowledged = receiver.Acknowledged.Where(d => customers.Contains(CustomerOf(d))).ToList();
            Assert.Equal(expected.Select(e => e.GetProperty("id").GetGuid()).Order(), acknowledged.Select(d => d.EventId).Order());
            AssertInOrderPerCustomer(acknowledged);
            Assert.Contains(receiver.Deliveries, d => !d.Acknowledged);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_event_that_fails_past_the_retry_window_pauses_the_subscription_until_a_replay_from_its_dead_letter()
    {
        await using var silo = await WebhookSilo.StartAsync();
        await using var receiver = new TestReceiver { Failing = true };
        var (id, secret) = await SubscribeAsync(silo.Admin, receiver.Url);
        receiver.Secret = secret;
        var customers = await RunScriptAsync(await silo.GrainsAsync(), "dead");
        var expected = await FeedAsync(silo.Admin, customers);

        var paused = await WaitForStatusAsync(silo.Admin, id, "Paused");
        var letter = Assert.Single((await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.GetAsync($"/api/webhooks/{id}/dead-letters", Ct))).EnumerateArray());
        Assert.Equal(expected[0].GetProperty("id").GetGuid(), letter.GetProperty("eventId").GetGuid());
        Assert.Equal("HTTP 500", paused.GetProperty("lastError").GetString());
        var attemptsWhilePaused = receiver.Deliveries.Count;
        await Task.Delay(500, Ct);
        Assert.Equal(attemptsWhilePaused, receiver.Deliveries.Count);

        receiver.Failing = false;
        await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.PostAsJsonAsync($"/api/webhooks/{id}/replay", new { from = letter.GetProperty("position").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) }, Ct));
        await receiver.WaitForAsync(r => r.Acknowledged.Count(d => customers.Contains(CustomerOf(d))) == expected.Count, $"all {expected.Count} events after the replay", Within);

        Assert.Equal("Active", (await WaitForStatusAsync(silo.Admin, id, "Active")).GetProperty("status").GetString());
        Assert.Empty((await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.GetAsync($"/api/webhooks/{id}/dead-letters", Ct))).EnumerateArray());
        AssertInOrderPerCustomer([.. receiver.Acknowledged.Where(d => customers.Contains(CustomerOf(d)))]);
    }

    [Fact]
    public async Task A_subscription_is_refused_for_a_bad_url_or_type_and_only_admins_manage_them()
    {
        await using var silo = await WebhookSilo.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = silo.Admin.BaseAddress };

        await BackOfficeSilo.ProblemAsync(await silo.Admin.PostAsJsonAsync("/api/webhooks", new { url = "http://example.com/hook" }, Ct), 400);
        await BackOfficeSilo.ProblemAsync(await silo.Admin.PostAsJsonAsync("/api/webhooks", new { url = "https://user:pw@example.com/hook" }, Ct), 400);
        await BackOfficeSilo.ProblemAsync(await silo.Admin.PostAsJsonAsync("/api/webhooks", new { url = "https://example.com/hook", eventTypes = new[] { "points.earned" } }, Ct), 400);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/webhooks", new { url = "https://example.com/hook" }, Ct)).StatusCode);

        Assert.Empty((await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.GetAsync("/api/webhooks", Ct))).EnumerateArray());
    }

    private static async Task<(string Id, string Secret)> SubscribeAsync(HttpClient admin, Uri url)
    {
        var created = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/webhooks", new { url = url.ToString() }, Ct));
        return (created.GetProperty("subscription").GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private static async Task GiveTheProgramTiersAsync(IClusterClient grains)
    {
        var program = grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);
        var settings = (await program.GetAsync()).Settings;
        await program.UpdateAsync(settings with { Tiers = [new("Member", 0m, 1m), new("Silver", 50m, 1.25m), new("Gold", 100m, 1.5m)] }, "webhook-test");
    }

    /// <summary>Two customers, interleaved: enrollment, a card, purchases that lift the tier, a refund, another purchase.</summary>
    private static async Task<HashSet<string>> RunScriptAsync(IClusterClient grains, string prefix)
    {
        var ids = new[] { $"{prefix}-a-{Guid.NewGuid():N}"[..24], $"{prefix}-b-{Guid.NewGuid():N}"[..24] };
        var cards = ids.Select(_ => "mag:" + Random.Shared.NextInt64(100_000_000, 999_999_999)).ToArray();
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        for (var c = 0; c < ids.Length; c++)
        {
            await grains.GetGrain<ICustomerGrain>(ids[c]).EnrollAsync(new CustomerProfile("Webhook " + c));
            await grains.GetGrain<ILoyaltyCardGrain>(cards[c]).LinkAsync(ids[c]);
        }
        for (var step = 0; step < 3; step++)
        {
            for (var c = 0; c < ids.Length; c++)
            {
                var customer = grains.GetGrain<ICustomerGrain>(ids[c]);
                await customer.EarnAsync(new Purchase("s1", "t1", $"{ids[c]}-p{step}", at.AddMinutes(step), 60m), CardId.Parse(cards[c]));
                if (step == 1)
                {
                    await customer.RefundAsync(new Refund("s1", "t1", $"{ids[c]}-r{step}", at.AddMinutes(step + 0.5), 20m, "s1", $"{ids[c]}-p0"), CardId.Parse(cards[c]));
                }
            }
        }
        return [.. ids];
    }

    private static async Task<List<JsonElement>> FeedAsync(HttpClient client, HashSet<string> customers)
    {
        var events = new List<JsonElement>();
        var cursor = "0";
        while (true)
        {
            var page = await BackOfficeSilo.ReadAsync<JsonElement>(await client.GetAsync($"/api/events?after={cursor}&limit=1000", Ct));
            var found = page.GetProperty("events").EnumerateArray().ToList();
            if (found.Count == 0)
            {
                return [.. events.Where(e => e.GetProperty("customerId").GetString() is { } c && customers.Contains(c))];
            }
            events.AddRange(found);
            cursor = page.GetProperty("next").GetString()!;
        }
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient admin, string id, string status)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var subscription = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/webhooks/{id}", Ct));
            if (subscription.GetProperty("status").GetString() == status)
            {
                return subscription;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Subscription {id} did not become {status} within {Within.TotalSeconds} s: {subscription}");
            await Task.Delay(200, Ct);
        }
    }

    private static string CustomerOf(Delivery delivery) => delivery.Event.GetProperty("customerId").GetString() ?? "";

    private static IEnumerable<string> EventTypesOf(IEnumerable<JsonElement> events) => events.Select(e => e.GetProperty("type").GetString()!);

    private static void AssertInOrderPerCustomer(IReadOnlyList<Delivery> acknowledged)
    {
        foreach (var customer in acknowledged.GroupBy(CustomerOf))
        {
            var sequence = customer.Select(d => d.Event.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, sequence.Count).Select(i => (long)i), sequence);
        }
    }
}

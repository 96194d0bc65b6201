using RetentionActors.Grains.Audit;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Webhooks;

namespace RetentionActors.Storage.Tests;

/// <summary>The lease that keeps two silos from delivering one webhook subscription at once, on the cluster's database.</summary>
public sealed class PostgresWebhookLeaseTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static AuditRecord Audit() => new(AuditIntent.NewId(), Now, "test", "webhook-create", "wh", null, "done");

    private async Task<string> SubscribeAsync(SqlDatabase database, int dueYearsAgo = 10)
    {
        var id = "wh_" + Guid.NewGuid().ToString("N");
        await new SqlWebhookStore(database).CreateAsync(new WebhookSubscription(id, new Uri("https://example.com/hook"), [], WebhookStatus.Active, 0, 0, null,
            Now.AddYears(-dueYearsAgo), null, 0, Now, "test"), "whsec_test", Audit());
        return id;
    }

    [Fact]
    public async Task Two_silos_claiming_at_once_get_the_subscription_once()
    {
        var database = fixture.Require();
        await using var otherSilo = new PostgresDatabase(fixture.ConnectionString!);
        var id = await SubscribeAsync(database);
        var (mine, theirs) = (new SqlWebhookStore(database), new SqlWebhookStore(otherSilo));

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? mine : theirs).ClaimAsync($"worker-{i}", Now, TimeSpan.FromMinutes(1))));

        // Other tests' subscriptions may be due too; this one is held by exactly one worker.
        Assert.Single(claims, c => c?.Subscription.Id == id);
    }

    [Fact]
    public async Task A_lease_that_ran_out_is_taken_over_and_its_old_holder_can_no_longer_move_the_position()
    {
        var database = fixture.Require();
        var store = new SqlWebhookStore(database);
        // Due longest ago, so the claims below come to it before any other test's subscription.
        var id = await SubscribeAsync(database, dueYearsAgo: 20);
        WebhookLease? first;
        do
        {
            first = await store.ClaimAsync("silo-a", Now, TimeSpan.FromSeconds(30));
        }
        while (first is not null && first.Subscription.Id != id);

        var whileHeld = await store.ClaimAsync("silo-b", Now.AddSeconds(10), TimeSpan.FromSeconds(30));
        var takenOver = await store.ClaimAsync("silo-b", Now.AddSeconds(31), TimeSpan.FromSeconds(30));

        Assert.NotEqual(id, whileHeld?.Subscription.Id);
        Assert.Equal(id, takenOver?.Subscription.Id);
        Assert.False(await store.AdvanceAsync(first!, 5, 1, Now.AddSeconds(32)));
        Assert.True(await store.AdvanceAsync(takenOver!, 3, 1, Now.AddSeconds(32)));
        var stored = await store.GetAsync(id, TestContext.Current.CancellationToken);
        Assert.Equal((3L, 1L), (stored!.Position, stored.Delivered));
    }
}

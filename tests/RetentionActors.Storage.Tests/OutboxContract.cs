using Orleans.Runtime;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Events;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Events;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>The transactional outbox and the change feed, written once and run per engine.</summary>
public abstract class OutboxContract
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    private SqlCustomerStore Store => new(Database);

    private SqlEventFeed Feed => new(Database);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewCustomer() => "c-" + Guid.NewGuid().ToString("N");

    private static CustomerDocument Document(int version) => new(new CustomerProfile("Outbox Tester"), At, [], version);

    private static LedgerEntry Entry(long seq, long points, long balance) => new()
    {
        Seq = seq,
        Kind = EntryKind.Purchase,
        Points = points,
        Amount = 10m,
        BalanceAfter = balance,
        IdempotencyKey = $"s1/r{seq}/purchase",
        StoreId = "s1",
        TerminalId = "t1",
        ReceiptId = "r" + seq,
        OccurredAt = At,
        RecordedAt = At,
    };

    // A commit carrying the events the customer grain derives for it.
    private static CustomerCommit Commit(string customer, CustomerDocument? before, CustomerDocument? document, params LedgerEntry[] entries)
    {
        var commit = new CustomerCommit(customer, document, entries, null, null);
        return commit with { Events = CustomerEvents.Of(before, commit, At) };
    }

    protected Task<long> HeadAsync() => Feed.HeadAsync(Cancel);

    protected async Task<List<StoredEvent>> ReadAllAfterAsync(long after, int pageSize = 1000)
    {
        var events = new List<StoredEvent>();
        for (IReadOnlyList<StoredEvent> page; (page = await Feed.ReadAsync(after, pageSize, Cancel)).Count > 0; after = page[^1].Position)
        {
            events.AddRange(page);
        }
        return events;
    }

    [Fact]
    public async Task A_commit_writes_its_events_numbered_per_customer_in_commit_order()
    {
        var head = await HeadAsync();
        var (ann, bob) = (NewCustomer(), NewCustomer());

        await Store.CommitAsync([Commit(ann, null, Document(1))], Cancel);
        await Store.CommitAsync([Commit(bob, null, Document(1), Entry(1, 10, 10))], Cancel);
        await Store.CommitAsync([Commit(ann, Document(1), null, Entry(1, 5, 5), Entry(2, 7, 12))], Cancel);
        var events = await ReadAllAfterAsync(head);

        Assert.Equal(
            [(ann, 1L, EventTypes.CustomerEnrolled), (bob, 1, EventTypes.CustomerEnrolled), (bob, 2, EventTypes.LedgerEntry),
             (ann, 2, EventTypes.LedgerEntry), (ann, 3, EventTypes.LedgerEntry)],
            events.Select(e => (e.CustomerId!, e.CustomerSeq!.Value, e.Type)));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => head + i), events.Select(e => e.Position));
        Assert.Contains("\"balanceAfter\":12", events[^1].Payload, StringComparison.Ordinal);
        Assert.Contains("\"version\":1", events[^1].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_commit_writes_no_event_and_takes_no_position()
    {
        var customer = NewCustomer();
        await Store.CommitAsync([Commit(customer, null, Document(1), Entry(1, 10, 10))], Cancel);
        var head = await HeadAsync();

        // A second activation that also thinks seq 1 is next: refused, and with it its events.
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => Store.CommitAsync([Commit(customer, Document(1), null, Entry(1, 99, 99))], Cancel));
        await Store.CommitAsync([Commit(customer, Document(1), null, Entry(2, 1, 11))], Cancel);
        var events = await ReadAllAfterAsync(head);

        Assert.Equal([(head + 1, 3L)], events.Select(e => (e.Position, e.CustomerSeq!.Value)));
        Assert.Contains("\"points\":1,", events[0].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_refused_within_a_batch_takes_its_events_with_it_and_the_rest_of_the_batch_keeps_theirs()
    {
        var (customer, other, third) = (NewCustomer(), NewCustomer(), NewCustomer());
        await Store.CommitAsync([Commit(customer, null, Document(1), Entry(1, 10, 10))], Cancel);
        var head = await HeadAsync();

        // Holding the writer queues the next commits behind it, so the refused one and the one after it share a batch:
        // the batch is run again with a savepoint per write, and the refused write's events must go with its rollback.
        using var hold = new ManualResetEventSlim();
        var cancel = Cancel; // the write runs on the writer's thread, outside the test's context
        var held = Database.Writer.WriteAsync(_ => hold.Wait(cancel));
        var accepted = Store.CommitAsync([Commit(other, null, Document(1), Entry(1, 5, 5))], Cancel);
        // One write of two commits: the first publishes its events, the second is refused, and both go.
        var refused = Store.CommitAsync([Commit(third, null, Document(1), Entry(1, 7, 7)), Commit(customer, Document(1), null, Entry(1, 99, 99))], Cancel);
        var later = Store.CommitAsync([Commit(customer, Document(1), null, Entry(2, 1, 11))], Cancel);
        hold.Set();
        await Task.WhenAll(held, accepted, later);
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => refused);
        var events = await ReadAllAfterAsync(head);

        Assert.Equal(
            [(head + 1, other, 1L, EventTypes.CustomerEnrolled), (head + 2, other, 2, EventTypes.LedgerEntry), (head + 3, customer, 3, EventTypes.LedgerEntry)],
            events.Select(e => (e.Position, e.CustomerId!, e.CustomerSeq!.Value, e.Type)));
        Assert.DoesNotContain(events, e => e.CustomerId == third || e.Payload.Contains("\"points\":99,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pruning_deletes_the_oldest_events_as_a_prefix_and_never_what_a_webhook_subscription_has_not_passed()
    {
        var (old, recent) = (NewCustomer(), NewCustomer());
        await Store.CommitAsync([Commit(old, null, Document(1), Entry(1, 10, 10))], Cancel);
        await Task.Delay(50, Cancel); // so the second commit is recorded strictly later
        await Store.CommitAsync([Commit(recent, null, Document(1))], Cancel);
        var all = await ReadAllAfterAsync(0);
        var head = all[^1].Position;
        var firstRecent = all.Single(e => e.CustomerId == recent);
        var pruning = new SqlEventPruning(Database);

        // Everything recorded before the recent commit goes, the recent one stays.
        Assert.Equal(firstRecent.Position - 1, await pruning.PruneAsync(firstRecent.RecordedAt, Cancel));
        Assert.Equal([firstRecent.Position], (await ReadAllAfterAsync(0)).Select(e => e.Position));
        Assert.Equal(firstRecent.Position, await Feed.FirstKeptAsync(Cancel));

        // A subscription that has delivered up to just before the recent event holds it, however old it gets.
        var webhooks = new Webhooks.SqlWebhookStore(Database);
        var subscription = new Webhooks.WebhookSubscription("wh_prune_" + Guid.NewGuid().ToString("N"), new Uri("https://example.com/hook"), [],
            Webhooks.WebhookStatus.Active, firstRecent.Position - 1, 0, null, At, null, 0, At, "test");
        await webhooks.CreateAsync(subscription, "secret", Audit("webhook-create", subscription.Id));
        Assert.Equal(0, await pruning.PruneAsync(DateTimeOffset.UtcNow.AddDays(1), Cancel));

        // Once it is gone, so is the rest; the head stays where it was, and the oldest kept is the next to come.
        await webhooks.DeleteAsync(subscription.Id, Audit("webhook-delete", subscription.Id));
        Assert.Equal(1, await pruning.PruneAsync(DateTimeOffset.UtcNow.AddDays(1), Cancel));
        Assert.Empty(await ReadAllAfterAsync(0));
        Assert.Equal(head, await Feed.HeadAsync(Cancel));
        Assert.Equal(head + 1, await Feed.FirstKeptAsync(Cancel));

        // The recent customer's events are all gone; their next one still continues their sequence rather than restart it.
        await Store.CommitAsync([Commit(recent, Document(1), null, Entry(1, 5, 5))], Cancel);
        Assert.Equal([(head + 1, recent, 2L)], (await ReadAllAfterAsync(head)).Select(e => (e.Position, e.CustomerId!, e.CustomerSeq!.Value)));
    }

    private static Grains.Audit.AuditRecord Audit(string action, string target) => new(Guid.NewGuid().ToString("N"), At, "test", action, target, null, "done");

    [Fact]
    public async Task An_offline_redemptions_debt_and_its_recovery_are_events()
    {
        var customer = NewCustomer();
        await Store.CommitAsync([Commit(customer, null, Document(1))], Cancel);
        var head = await HeadAsync();

        await Store.CommitAsync([Commit(customer, Document(1), null,
            Entry(1, 0, 0) with { Kind = EntryKind.OfflineRedemption, Points = -10, Amount = 0m, BalanceAfter = 0, Debt = 20 },
            Entry(2, 30, 30) with { Kind = EntryKind.Purchase },
            Entry(3, -20, 10) with { Kind = EntryKind.DebtRecovery, Amount = 0m, Debt = -20 })], Cancel);
        var events = await ReadAllAfterAsync(head);

        Assert.Equal(["OfflineRedemption", "Purchase", "DebtRecovery"], events.Select(e => System.Text.Json.JsonDocument.Parse(e.Payload).RootElement.GetProperty("kind").GetString()));
        Assert.Equal([20L, 0, -20], events.Select(e => System.Text.Json.JsonDocument.Parse(e.Payload).RootElement.GetProperty("debt").GetInt64()));
    }

    [Fact]
    public async Task A_tier_change_is_reported_after_the_entry_that_caused_it()
    {
        var customer = NewCustomer();
        var before = Document(1);
        var after = Document(2) with { Tier = new Domain.Tiers.TierStanding("Gold", At, At.AddYears(1)) };
        await Store.CommitAsync([Commit(customer, null, before)], Cancel);
        var head = await HeadAsync();

        await Store.CommitAsync([Commit(customer, before, after, Entry(1, 10, 10))], Cancel);
        var events = await ReadAllAfterAsync(head);

        Assert.Equal([EventTypes.LedgerEntry, EventTypes.TierChanged], events.Select(e => e.Type));
        Assert.Contains("\"from\":null,\"to\":\"Gold\"", events[1].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grain_state_write_carries_its_pending_events_and_a_refused_one_none()
    {
        var head = await HeadAsync();
        var customer = NewCustomer();
        var storage = new SqlGrainStorage(Database);
        var grain = GrainId.Create("card", "mag:" + Random.Shared.NextInt64(100_000_000, 999_999_999));
        var mine = new GrainState<GrainStorageContract.Sample>(new GrainStorageContract.Sample { Name = "blocked" });
        var stale = new GrainState<GrainStorageContract.Sample>(new GrainStorageContract.Sample()) { ETag = "7" };

        using (PendingEvents.Attach(Card(EventTypes.CardBlocked, customer)))
        {
            await storage.WriteStateAsync("card", grain, mine);
        }
        using (PendingEvents.Attach(Card(EventTypes.CardReplaced, customer)))
        {
            await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(() => storage.WriteStateAsync("card", grain, stale));
        }
        await storage.WriteStateAsync("card", grain, mine);
        var events = await ReadAllAfterAsync(head);

        Assert.Equal([(customer, 1L, EventTypes.CardBlocked)], events.Select(e => (e.CustomerId!, e.CustomerSeq!.Value, e.Type)));
    }

    [Fact]
    public async Task The_feed_resumes_from_any_cursor_with_the_same_events()
    {
        var head = await HeadAsync();
        for (var i = 0; i < 4; i++)
        {
            await Store.CommitAsync([Commit(NewCustomer(), null, Document(1), Entry(1, 1, 1))], Cancel);
        }
        var all = await ReadAllAfterAsync(head);

        Assert.Equal(8, all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            Assert.Equal(all.Skip(i + 1).Select(e => e.Id), (await ReadAllAfterAsync(all[i].Position, pageSize: 3)).Select(e => e.Id));
        }
        Assert.Equal(all.Select(e => e.Id).Distinct().Count(), all.Count);
    }

    private static OutboxEvent Card(string type, string customer) =>
        OutboxEvent.Create(type, customer, At, new EventPayloads.CardV1("mag:123", type, null));
}

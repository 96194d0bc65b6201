using RetentionActors.Contracts.Customers;
using RetentionActors.Grains.Events;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Events;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

public sealed class PostgresOutboxTests(PostgresFixture fixture) : OutboxContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();

    /// <summary>
    /// Two silos (two writers on one database) commit events at once while a reader follows the feed page by page, as an
    /// integration does. Were positions handed out in another order than commits, the reader would at times see a later
    /// position before an earlier one had committed, move its cursor past it and never see it.
    /// </summary>
    [Fact]
    public async Task Two_silos_writing_at_once_never_make_a_feed_reader_skip_an_event()
    {
        fixture.Require();
        await using var otherSilo = new PostgresDatabase(fixture.ConnectionString!);
        var feed = new SqlEventFeed(Database);
        var head = await HeadAsync();
        var customers = Enumerable.Range(0, 4).Select(_ => "c-" + Guid.NewGuid().ToString("N")).ToArray();
        var seen = new List<StoredEvent>();
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var reader = Task.Run(async () =>
        {
            var cursor = head;
            while (!writing.IsCancellationRequested)
            {
                var page = await feed.ReadAsync(cursor, 50, TestContext.Current.CancellationToken);
                seen.AddRange(page);
                cursor = page.Count > 0 ? page[^1].Position : cursor;
            }
            for (IReadOnlyList<StoredEvent> page; (page = await feed.ReadAsync(cursor, 50, TestContext.Current.CancellationToken)).Count > 0; cursor = page[^1].Position)
            {
                seen.AddRange(page);
            }
        }, TestContext.Current.CancellationToken);
        // Every customer is written by both silos (a card's change and a purchase can come from two silos at once).
        var writers = new[] { Database, otherSilo }.Select((database, w) => Task.Run(async () =>
        {
            var store = new SqlCustomerStore(database);
            for (var i = 0; i < 150; i++)
            {
                var customer = customers[i % customers.Length];
                var events = Enumerable.Range(0, 1 + (i % 3)).Select(_ => OutboxEvent.Create(EventTypes.CardLinked, customer, DateTimeOffset.UtcNow,
                    new EventPayloads.CardV1($"w{w}-{i}", "Active", null))).ToList();
                await store.CommitAsync([new CustomerCommit(customer, null, [], null, null) { Events = events }], TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(writers);
        await writing.CancelAsync();
        await reader;

        var all = await ReadAllAfterAsync(head);
        Assert.Equal(2 * Enumerable.Range(0, 150).Sum(i => 1 + (i % 3)), all.Count);
        Assert.Equal(all.Select(e => e.Id), seen.Select(e => e.Id));
        foreach (var customer in customers)
        {
            var sequence = all.Where(e => e.CustomerId == customer).Select(e => e.CustomerSeq!.Value).ToList();
            Assert.Equal(Enumerable.Range(1, sequence.Count).Select(i => (long)i), sequence);
        }
    }
}

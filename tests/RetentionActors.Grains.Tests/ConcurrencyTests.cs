using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Contracts.Ledger;
using EntryKind = RetentionActors.Domain.Ledger.EntryKind;
using StoredEntry = RetentionActors.Domain.Ledger.LedgerEntry;
using RetentionActors.Grains.Storage;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

public abstract class ConcurrencyTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task Concurrent_redemptions_from_several_tills_cannot_overdraw()
    {
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync();
        var householdCard = _shop.Card(NewCardId());
        Assert.True((await householdCard.LinkAsync(customerId)).IsAccepted);
        await card.EarnAsync(Purchase(NewId("FUND"), 100m));

        // 24 tills ask for 30 points each at once, on two cards and directly: only three can be paid.
        var attempts = Enumerable.Range(0, 24).Select(i => (i % 3) switch
        {
            0 => card.RedeemAsync(Redemption($"RACE-{i}", 30)),
            1 => householdCard.RedeemAsync(Redemption($"RACE-{i}", 30)),
            _ => customer.RedeemAsync(Redemption($"RACE-{i}", 30)),
        });
        var answers = await Task.WhenAll(attempts);

        Assert.Equal(3, answers.Count(a => a.IsAccepted));
        Assert.All(answers.Where(a => !a.IsAccepted), a => Assert.Equal(DeclineReason.InsufficientPoints, a.Declined!.Reason));
        Assert.Equal([70L, 40L, 10L], answers.Where(a => a.IsAccepted).Select(a => a.Balance).Order().Reverse());
        var ledger = await customer.GetLedgerAsync();
        Assert.Equal(4, ledger.Count);
        Assert.Equal(10, ledger[^1].BalanceAfter);
        Assert.Equal(10, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_busy_customer_answers_every_till_in_order_of_decision()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        // Forty tills at once: while one write is in flight the next purchases are decided and share a write.
        var answers = await Task.WhenAll(Enumerable.Range(1, 40).Select(r => card.EarnAsync(Purchase($"BUSY-{r}", 10m))));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => i * 10L), answers.Select(a => a.Balance).Order());
        var ledger = await customer.GetLedgerAsync();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), ledger.Select(e => e.Seq));
        Assert.Equal(400, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_write_that_collides_fails_every_purchase_decided_on_it_and_the_retries_land_once()
    {
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase(NewId("FIRST"), 10m));
        // Another writer (a second activation in a split cluster) takes sequence number 2 behind the grain's back.
        var store = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredService<ICustomerStore>();
        await store.CommitAsync(new CustomerCommit(customerId, null, [ForeignEntry(seq: 2, points: 5, balanceAfter: 15)], "store-1/FOREIGN/purchase", OperationAnswer.Nothing), TestContext.Current.CancellationToken);

        var receipts = Enumerable.Range(1, 8).Select(r => $"AFTER-{customerId}-{r}").ToList();
        var outcomes = await Task.WhenAll(receipts.Select(async r =>
        {
            try
            {
                return (await card.EarnAsync(Purchase(r, 10m))).IsAccepted;
            }
            catch (Exception)
            {
                return false;
            }
        }));
        Assert.Contains(false, outcomes); // at least the write that collided failed, and nothing decided on top of it landed

        var retried = await Task.WhenAll(receipts.Select(r => card.EarnAsync(Purchase(r, 10m))));
        Assert.All(retried, a => Assert.True(a.IsAccepted));
        var ledger = await customer.GetLedgerAsync();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), ledger.Select(e => e.Seq));
        Assert.All(ledger.Skip(1).Zip(ledger), pair => Assert.Equal(pair.Second.BalanceAfter + pair.First.Points, pair.First.BalanceAfter));
        Assert.Equal(95, (await customer.GetAsync())!.Balance);
    }

    private static StoredEntry ForeignEntry(long seq, long points, long balanceAfter) => new()
    {
        Seq = seq,
        Kind = EntryKind.Purchase,
        Points = points,
        Amount = 5m,
        BalanceAfter = balanceAfter,
        IdempotencyKey = "store-1/FOREIGN/purchase",
        StoreId = "store-1",
        TerminalId = "till-9",
        ReceiptId = "FOREIGN",
        OccurredAt = Today,
        RecordedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task Many_customers_accruing_at_once_each_get_exactly_their_points()
    {
        var customers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _shop.EnrolledWithCardAsync()));

        await Task.WhenAll(customers.SelectMany(c => Enumerable.Range(1, 10).Select(r => c.Card.EarnAsync(Purchase($"MANY-{c.CustomerId}-{r}", r)))));

        foreach (var c in customers)
        {
            Assert.Equal(55, (await c.Customer.GetAsync())!.Balance);
            Assert.Equal(10, (await c.Customer.GetLedgerAsync()).Count);
        }
    }
}

[Collection(SqliteCluster.Name)]
public sealed class ConcurrencyOnSqlite(SqliteClusterFixture fixture) : ConcurrencyTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class ConcurrencyOnPostgres(PostgresClusterFixture fixture) : ConcurrencyTests(fixture);

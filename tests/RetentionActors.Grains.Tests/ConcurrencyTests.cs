using RetentionActors.Contracts.Ledger;
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
        await card.EarnAsync(Purchase("FUND", 100m));

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
    public async Task Many_customers_accruing_at_once_each_get_exactly_their_points()
    {
        var customers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _shop.EnrolledWithCardAsync()));

        await Task.WhenAll(customers.SelectMany(c => Enumerable.Range(1, 10).Select(r => c.Card.EarnAsync(Purchase($"MANY-{r}", r)))));

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

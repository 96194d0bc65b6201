using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

public abstract class CheckoutTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task Checkout_earns_and_answers_the_customer_as_after_the_purchase()
    {
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync("Ada");

        var done = await card.CheckoutAsync(Purchase("CO-1", 80m));

        Assert.True(done.IsAccepted, done.Declined?.Message);
        Assert.Null(done.Redemption);
        Assert.Equal((80L, 80L, false), (done.Accrual.PointsEarned, done.Accrual.Balance, done.Accrual.Replayed));
        Assert.Equal((customerId, "Ada", 80L, 1), (done.Customer!.CustomerId, done.Customer.Profile.DisplayName, done.Customer.Balance, done.Customer.VisitCount));
        Assert.Equal(await customer.GetAsync(), done.Customer);
        Assert.Single(await customer.GetLedgerAsync());
    }

    [Fact]
    public async Task Checkout_with_points_to_redeem_earns_then_redeems_on_the_same_receipt()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase("CO-2a", 50m));

        var done = await card.CheckoutAsync(Purchase("CO-2b", 20m), pointsToRedeem: 30);

        Assert.True(done.IsAccepted, done.Declined?.Message);
        Assert.True(done.Redemption!.IsAccepted, done.Redemption.Declined?.Message);
        Assert.Equal((20L, 70L), (done.Accrual.PointsEarned, done.Accrual.Balance));
        Assert.Equal((30L, 0.30m, 40L), (done.Redemption.PointsRedeemed, done.Redemption.Value, done.Redemption.Balance));
        Assert.Equal(40L, done.Customer!.Balance);
        Assert.Equal(40L, (await customer.GetAsync())!.Balance);
        Assert.Equal(3, (await customer.GetLedgerAsync()).Count);
    }

    [Fact]
    public async Task Checkout_redeeming_more_than_the_balance_books_the_purchase_and_declines_the_redemption()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        var done = await card.CheckoutAsync(Purchase("CO-3", 10m), pointsToRedeem: 500);

        Assert.True(done.IsAccepted, done.Declined?.Message);
        Assert.Equal(DeclineReason.InsufficientPoints, done.Redemption!.Declined?.Reason);
        Assert.Equal(10L, done.Customer!.Balance);
        Assert.Single(await customer.GetLedgerAsync());
    }

    [Fact]
    public async Task Checkout_on_a_blocked_card_is_declined_and_changes_nothing()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase("CO-4a", 40m));
        await card.BlockAsync("Reported stolen");

        var done = await card.CheckoutAsync(Purchase("CO-4b", 25m), pointsToRedeem: 10);

        Assert.False(done.IsAccepted);
        Assert.Equal(DeclineReason.CardBlocked, done.Declined?.Reason);
        Assert.Equal(CardStatus.Blocked, done.Card.Status);
        Assert.Null(done.Redemption);
        Assert.Null(done.Customer);
        Assert.Equal(40L, (await customer.GetAsync())!.Balance);
        Assert.Single(await customer.GetLedgerAsync());
    }

    [Fact]
    public async Task Retried_checkout_earns_and_redeems_once_and_answers_the_same()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase("CO-5a", 30m));
        var purchase = Purchase("CO-5b", 15m);

        var first = await card.CheckoutAsync(purchase, pointsToRedeem: 20);
        var again = await card.CheckoutAsync(purchase, pointsToRedeem: 20);

        Assert.True(first.IsAccepted && first.Redemption!.IsAccepted);
        Assert.Equal(first.Accrual with { Replayed = true }, again.Accrual);
        Assert.Equal(first.Redemption with { Replayed = true }, again.Redemption);
        Assert.Equal(first.Customer, again.Customer);
        Assert.Equal(25L, (await customer.GetAsync())!.Balance);
        Assert.Equal(3, (await customer.GetLedgerAsync()).Count);
    }

    [Fact]
    public async Task Checkout_retried_with_another_amount_to_redeem_replays_the_purchase_and_refuses_the_new_redemption()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase("CO-7a", 30m));
        var purchase = Purchase("CO-7b", 15m);

        var first = await card.CheckoutAsync(purchase, pointsToRedeem: 20);
        var more = await card.CheckoutAsync(purchase, pointsToRedeem: 40);
        var fewer = await card.CheckoutAsync(purchase, pointsToRedeem: 5);

        Assert.True(first.IsAccepted && first.Redemption!.IsAccepted);
        foreach (var retry in new[] { more, fewer })
        {
            Assert.Equal(first.Accrual with { Replayed = true }, retry.Accrual);
            Assert.Equal(DeclineReason.ReceiptConflict, retry.Redemption!.Declined?.Reason);
        }
        Assert.Equal(25L, (await customer.GetAsync())!.Balance);
        Assert.Equal(3, (await customer.GetLedgerAsync()).Count);
    }

    [Fact]
    public async Task Checkout_retried_with_a_redemption_the_first_did_not_ask_for_earns_once_and_redeems_once()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase("CO-8a", 30m));
        var purchase = Purchase("CO-8b", 15m);

        var first = await card.CheckoutAsync(purchase);
        // A redemption on a receipt already sold is the till's to ask for (as RedeemAsync on it is): booked, once.
        var withRedemption = await card.CheckoutAsync(purchase, pointsToRedeem: 20);
        var again = await card.CheckoutAsync(purchase, pointsToRedeem: 20);

        Assert.Equal(first.Accrual with { Replayed = true }, withRedemption.Accrual);
        Assert.Equal((20L, false), (withRedemption.Redemption!.PointsRedeemed, withRedemption.Redemption.Replayed));
        Assert.Equal(withRedemption.Redemption with { Replayed = true }, again.Redemption);
        Assert.Equal(25L, (await customer.GetAsync())!.Balance);
        Assert.Equal([LedgerEntryKind.Purchase, LedgerEntryKind.Purchase, LedgerEntryKind.Redemption], (await customer.GetLedgerAsync()).Select(e => e.Kind));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(2_000_000_000)]
    public async Task Checkout_with_an_impossible_redemption_is_refused_before_anything_is_booked(long points)
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => card.CheckoutAsync(Purchase("CO-6", 10m), points));

        Assert.Contains("Points to redeem", error.Message);
        Assert.Empty(await customer.GetLedgerAsync());
        Assert.Equal(0L, (await customer.GetAsync())!.Balance);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class CheckoutOnSqlite(SqliteClusterFixture fixture) : CheckoutTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class CheckoutOnPostgres(PostgresClusterFixture fixture) : CheckoutTests(fixture);

using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A receipt is one sale of one customer: sent again with the same figures it is a retry; with other figures, or for
/// another customer, it is refused, says why, and books nothing.
/// </summary>
public abstract class ReceiptOwnershipTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task A_receipt_booked_for_one_customer_is_refused_for_another_without_naming_the_owner()
    {
        var owner = await _shop.EnrolledWithCardAsync();
        var other = await _shop.EnrolledWithCardAsync();
        var receipt = NewId("OWN");
        var booked = await owner.Card.EarnAsync(Purchase(receipt, 40m));
        await other.Card.EarnAsync(Purchase(NewId("FUND"), 10m)); // points to redeem, so only the receipt can refuse it

        var sale = await other.Card.EarnAsync(Purchase(receipt, 40m));
        var redemption = await other.Card.RedeemAsync(Redemption(receipt, 1));
        var retry = await owner.Card.EarnAsync(Purchase(receipt, 40m));

        Assert.True(booked.IsAccepted, booked.Declined?.Message);
        Assert.Equal(DeclineReason.ReceiptOfAnotherCustomer, sale.Declined?.Reason);
        Assert.Equal(DeclineReason.ReceiptOfAnotherCustomer, redemption.Declined?.Reason);
        Assert.DoesNotContain(owner.CustomerId, sale.Declined!.Message, StringComparison.Ordinal);
        Assert.Contains(receipt, sale.Declined.Message, StringComparison.Ordinal);
        Assert.Equal(booked with { Replayed = true }, retry);
        Assert.Single(await other.Customer.GetLedgerAsync());
        Assert.Equal(10, (await other.Customer.GetAsync())!.Balance);
        Assert.Equal(40, (await owner.Customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_checkout_on_a_receipt_of_another_customer_is_declined_and_redeems_nothing()
    {
        var owner = await _shop.EnrolledWithCardAsync();
        var other = await _shop.EnrolledWithCardAsync();
        var receipt = NewId("OWN");
        await owner.Card.EarnAsync(Purchase(receipt, 40m));
        await other.Card.EarnAsync(Purchase(NewId("FUND"), 10m));

        var checkout = await other.Card.CheckoutAsync(Purchase(receipt, 40m), pointsToRedeem: 5);

        Assert.Equal(DeclineReason.ReceiptOfAnotherCustomer, checkout.Declined?.Reason);
        Assert.Null(checkout.Redemption);
        Assert.Null(checkout.Customer);
        Assert.Single(await other.Customer.GetLedgerAsync());
        Assert.Equal(10, (await other.Customer.GetAsync())!.Balance);
        Assert.Equal(40, (await owner.Customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task The_owner_redeems_and_earns_on_one_receipt()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase(NewId("FUND"), 50m));
        var receipt = NewId("BOTH");

        var redeemed = await card.RedeemAsync(Redemption(receipt, 20));
        var earned = await card.EarnAsync(Purchase(receipt, 30m));

        Assert.True(redeemed.IsAccepted && earned.IsAccepted, redeemed.Declined?.Message ?? earned.Declined?.Message);
        Assert.Equal(60, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_receipt_sent_again_with_other_figures_is_a_conflict_and_changes_nothing_also_after_a_reload()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var (sale, redemption, ret) = (NewId("SALE"), NewId("REDEEM"), NewId("RET"));
        var booked = await card.EarnAsync(Purchase(sale, 80m));
        await card.RedeemAsync(Redemption(redemption, 30));
        await card.RefundAsync(Refund(ret, 10m, sale));
        var ledger = await customer.GetLedgerAsync();

        for (var round = 0; round < 2; round++)
        {
            var purchase = await card.EarnAsync(Purchase(sale, 800m));
            var redeemed = await card.RedeemAsync(Redemption(redemption, 31));
            var refunded = await card.RefundAsync(Refund(ret, 11m, sale));
            var retried = await card.EarnAsync(Purchase(sale, 80m));

            Assert.Equal(DeclineReason.ReceiptConflict, purchase.Declined?.Reason);
            Assert.Contains("already recorded as a purchase of 80", purchase.Declined!.Message, StringComparison.Ordinal);
            Assert.Equal(DeclineReason.ReceiptConflict, redeemed.Declined?.Reason);
            Assert.Equal(DeclineReason.ReceiptConflict, refunded.Declined?.Reason);
            Assert.Equal(booked with { Replayed = true }, retried);
            Assert.Equal(ledger, await customer.GetLedgerAsync());
            // The second round is answered from the stored ledger, not from the activation's memory.
            await fixture.Cluster.DeactivateAsync(customer);
        }
    }

    [Fact]
    public async Task Customers_racing_for_one_new_receipt_book_it_once()
    {
        var racers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _shop.EnrolledWithCardAsync()));
        var receipt = NewId("RACE");

        var first = await Task.WhenAll(racers.Select(r => r.Card.EarnAsync(Purchase(receipt, 25m))));
        // Sent again, as a till that did not hear the answer would: the winner's is a replay, the others' the same refusal.
        var again = await Task.WhenAll(racers.Select(r => r.Card.EarnAsync(Purchase(receipt, 25m))));

        var ledgers = await Task.WhenAll(racers.Select(r => r.Customer.GetLedgerAsync()));
        Assert.Single(ledgers, l => l.Count == 1);
        Assert.All(ledgers, l => Assert.True(l.Count <= 1));
        foreach (var answers in new[] { first, again })
        {
            Assert.Single(answers, a => a.IsAccepted);
            Assert.All(answers.Where(a => !a.IsAccepted), a => Assert.Equal(DeclineReason.ReceiptOfAnotherCustomer, a.Declined?.Reason));
        }
        Assert.Equal(Array.IndexOf(first, first.Single(a => a.IsAccepted)), Array.IndexOf(again, again.Single(a => a.Replayed)));
    }
}

[Collection(SqliteCluster.Name)]
public sealed class ReceiptOwnershipOnSqlite(SqliteClusterFixture fixture) : ReceiptOwnershipTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class ReceiptOwnershipOnPostgres(PostgresClusterFixture fixture) : ReceiptOwnershipTests(fixture);

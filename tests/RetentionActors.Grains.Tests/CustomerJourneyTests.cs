using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

public abstract class CustomerJourneyTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task Enroll_link_accrue_redeem_refund_replay_adds_up_to_the_point()
    {
        var (customer, card, customerId, cardId) = await _shop.EnrolledWithCardAsync("Ada");

        // 100.00 with coffee ×2 on 10.00 and tobacco ×0 on 20.00: 70 + 20 + 0 = 90 points.
        var first = await card.EarnAsync(Purchase("R1", 100.00m,
            new PurchaseLine("espresso", "coffee", 2, 10.00m), new PurchaseLine("cigars", "tobacco", 1, 20.00m)));
        var second = await card.EarnAsync(Purchase("R2", 50.55m));
        var redeemed = await card.RedeemAsync(Redemption("R3", 100));
        var third = await card.EarnAsync(Purchase("R3", 30.00m));
        // Half of R3 back: half of its 100 redeemed points return (50), half of its 30 earned go (15).
        var halfBack = await card.RefundAsync(Refund("X1", 15.00m, originalReceipt: "R3"));
        var allOfFirst = await card.RefundAsync(Refund("X2", 100.00m, originalReceipt: "R1"));

        Assert.Equal(new AccrualResult(90, 90, []), first);
        Assert.Equal(new AccrualResult(50, 140, []), second);
        Assert.Equal(new RedemptionResult(100, 1.00m, 40), redeemed);
        Assert.Equal(new AccrualResult(30, 70, []), third);
        Assert.Equal(new RefundResult(PointsReversed: 15, PointsReturned: 50, PointsNotRecovered: 0, Balance: 105), halfBack);
        Assert.Equal(new RefundResult(90, 0, 0, 15), allOfFirst);

        var ledgerBeforeReplay = await customer.GetLedgerAsync();
        Assert.Equal(first with { Replayed = true }, await card.EarnAsync(Purchase("R1", 100.00m)));
        Assert.Equal(redeemed with { Replayed = true }, await card.RedeemAsync(Redemption("R3", 100)));
        Assert.Equal(halfBack with { Replayed = true }, await card.RefundAsync(Refund("X1", 15.00m, "R3")));

        var ledger = await customer.GetLedgerAsync();
        Assert.Equal(ledgerBeforeReplay, ledger);
        var day = TillDay.Text(TillDay.Of(Today));
        Assert.Equal(
        [
            (1L, LedgerEntryKind.Purchase, 90L, 100.00m, 90L, $"store-1/till-1/{day}/R1/purchase", (string?)null),
            (2L, LedgerEntryKind.Purchase, 50L, 50.55m, 140L, $"store-1/till-1/{day}/R2/purchase", null),
            (3L, LedgerEntryKind.Redemption, -100L, 1.00m, 40L, $"store-1/till-1/{day}/R3/redemption", null),
            (4L, LedgerEntryKind.Purchase, 30L, 30.00m, 70L, $"store-1/till-1/{day}/R3/purchase", null),
            (5L, LedgerEntryKind.RedemptionReturn, 50L, 0m, 120L, $"store-1/till-2/{day}/X1/redemption-return", $"store-1/till-1/{day}/R3"),
            (6L, LedgerEntryKind.Refund, -15L, 15.00m, 105L, $"store-1/till-2/{day}/X1/refund", $"store-1/till-1/{day}/R3"),
            (7L, LedgerEntryKind.Refund, -90L, 100.00m, 15L, $"store-1/till-2/{day}/X2/refund", $"store-1/till-1/{day}/R1"),
        ], ledger.Select(e => (e.Seq, e.Kind, e.Points, e.Amount, e.BalanceAfter, e.IdempotencyKey, e.RefersTo)));
        Assert.All(ledger, e => Assert.Equal(cardId, e.CardId));
        Assert.All(ledger, e => Assert.Equal(Today, e.OccurredAt));
        Assert.All(ledger, e => Assert.Equal(TillDay.Of(Today), e.BusinessDay));

        var summary = await customer.GetAsync();
        Assert.NotNull(summary);
        Assert.Equal((15L, 65.55m, 3), (summary.Balance, summary.LifetimeSpend, summary.VisitCount));
        Assert.Equal([cardId], summary.Cards);
        Assert.Equal((Today, Today), (summary.FirstPurchaseAt, summary.LastPurchaseAt));
        Assert.Equal(customerId, summary.CustomerId);
    }

    [Fact]
    public async Task Manual_adjustment_is_a_ledger_entry_with_reason_and_operator()
    {
        var (customer, _, _, _) = await _shop.EnrolledWithCardAsync();

        var added = await customer.AdjustAsync(new Adjustment("TICKET-7", 250, "Goodwill for a broken trolley", "op-ann"));
        var taken = await customer.AdjustAsync(new Adjustment("TICKET-8", -50, "Duplicate goodwill", "op-bob"));
        var replayed = await customer.AdjustAsync(new Adjustment("TICKET-7", 250, "Goodwill for a broken trolley", "op-ann"));

        Assert.Equal(new AdjustmentResult(250, 250), added);
        Assert.Equal(new AdjustmentResult(-50, 200), taken);
        Assert.Equal(added with { Replayed = true }, replayed);
        var ledger = await customer.GetLedgerAsync();
        Assert.Equal(
            [(LedgerEntryKind.Adjustment, 250L, "Goodwill for a broken trolley", "op-ann"), (LedgerEntryKind.Adjustment, -50L, "Duplicate goodwill", "op-bob")],
            ledger.Select(e => (e.Kind, e.Points, e.Reason!, e.OperatorId!)));
        Assert.Equal(200, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task Refund_of_points_already_spent_takes_back_what_is_left_and_says_what_was_not()
    {
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase($"{customerId}-P1", 80m));
        await card.RedeemAsync(Redemption($"{customerId}-P2", 70));

        var refund = await card.RefundAsync(Refund($"{customerId}-P1-BACK", 80m, $"{customerId}-P1"));

        Assert.Equal(new RefundResult(PointsReversed: 10, PointsReturned: 0, PointsNotRecovered: 70, Balance: 0), refund);
        Assert.Equal(0, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task Partial_refunds_reverse_exactly_what_the_receipt_earned()
    {
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase($"{customerId}-P1", 33m)); // 33 points
        await card.EarnAsync(Purchase($"{customerId}-P2", 10m)); // 10 points

        var parts = new List<RefundResult>();
        foreach (var (receipt, amount) in new[] { ("B1", 10m), ("B2", 10m), ("B3", 13m) })
        {
            parts.Add(await card.RefundAsync(Refund($"{customerId}-{receipt}", amount, $"{customerId}-P1")));
        }
        var tooMuch = await card.RefundAsync(Refund($"{customerId}-B4", 0.01m, $"{customerId}-P1"));

        Assert.Equal([10L, 10L, 13L], parts.Select(p => p.PointsReversed));
        Assert.Equal(DeclineReason.RefundExceedsPurchase, tooMuch.Declined?.Reason);
        var summary = (await customer.GetAsync())!;
        Assert.Equal((10L, 10m), (summary.Balance, summary.LifetimeSpend));
    }
}

[Collection(SqliteCluster.Name)]
public sealed class CustomerJourneyOnSqlite(SqliteClusterFixture fixture) : CustomerJourneyTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class CustomerJourneyOnPostgres(PostgresClusterFixture fixture) : CustomerJourneyTests(fixture);

using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

public abstract class IdempotencyTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task Same_receipt_ten_times_earns_once_and_answers_the_same()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        var answers = new List<AccrualResult>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await card.EarnAsync(Purchase("R-10X", 42.99m)));
        }

        Assert.Equal(new AccrualResult(42, 42, []), answers[0]);
        Assert.All(answers.Skip(1), a => Assert.Equal(answers[0] with { Replayed = true }, a));
        Assert.Single(await customer.GetLedgerAsync());
        Assert.Equal(42, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task Same_receipt_sent_concurrently_earns_once()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => card.EarnAsync(Purchase("R-RACE", 12m))));

        Assert.Single(answers, a => !a.Replayed);
        Assert.All(answers, a => Assert.Equal((12L, 12L), (a.PointsEarned, a.Balance)));
        Assert.Single(await customer.GetLedgerAsync());
    }

    [Fact]
    public async Task Replay_after_deactivation_returns_the_original_answer_and_changes_nothing()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var earned = await card.EarnAsync(Purchase("R-DEACT", 25m));
        var redeemed = await card.RedeemAsync(Redemption("R-DEACT-2", 5));
        var adjusted = await customer.AdjustAsync(new Adjustment("CASE-1", 3, "Welcome", "op-1"));
        var ledger = await customer.GetLedgerAsync();

        for (var i = 0; i < 10; i++)
        {
            await fixture.Cluster.DeactivateAsync(customer);
            await fixture.Cluster.DeactivateAsync(card);
            Assert.Equal(earned with { Replayed = true }, await card.EarnAsync(Purchase("R-DEACT", 25m)));
            Assert.Equal(redeemed with { Replayed = true }, await card.RedeemAsync(Redemption("R-DEACT-2", 5)));
            Assert.Equal(adjusted with { Replayed = true }, await customer.AdjustAsync(new Adjustment("CASE-1", 3, "Welcome", "op-1")));
        }

        Assert.Equal(ledger, await customer.GetLedgerAsync());
        Assert.Equal(23, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_retry_is_known_by_store_till_business_day_and_receipt_not_by_request()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        await card.EarnAsync(Purchase("SAME-NO", 10m));
        var otherStore = await card.EarnAsync(Purchase("SAME-NO", 10m) with { StoreId = "store-2" });
        var otherTill = await card.EarnAsync(Purchase("SAME-NO", 10m) with { TerminalId = "till-9" });
        var dayBefore = await card.EarnAsync(Purchase("SAME-NO", 10m) with { BusinessDay = TillDay.Of(Today).AddDays(-1) });
        var laterSameDay = await card.EarnAsync(Purchase("SAME-NO", 10m) with { BusinessDay = TillDay.Of(Today), OccurredAt = Today.AddMinutes(5) });

        Assert.Equal([false, false, false, true], new[] { otherStore, otherTill, dayBefore, laterSameDay }.Select(a => a.Replayed));
        Assert.Equal(4, (await customer.GetLedgerAsync()).Count);
    }

    [Fact]
    public async Task A_receipt_older_than_the_ones_a_customer_holds_in_memory_is_still_retried_refused_and_returned_as_booked()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var first = await card.EarnAsync(Purchase("OLD-0", 40m));
        for (var i = 1; i <= Domain.Ledger.PointsAccount.ReceiptsHeld + 2; i++)
        {
            await card.EarnAsync(Purchase($"OLD-{i}", 10m));
        }

        var retried = await card.EarnAsync(Purchase("OLD-0", 40m));
        var otherAmount = await card.EarnAsync(Purchase("OLD-0", 400m));
        var half = await card.RefundAsync(Refund("OLD-0-BACK-1", 20m, "OLD-0"));
        await fixture.Cluster.DeactivateAsync(customer);
        var halfAgain = await card.RefundAsync(Refund("OLD-0-BACK-1", 20m, "OLD-0"));
        var rest = await card.RefundAsync(Refund("OLD-0-BACK-2", 20m, "OLD-0"));
        var tooMuch = await card.RefundAsync(Refund("OLD-0-BACK-3", 1m, "OLD-0"));

        Assert.Equal(first with { Replayed = true }, retried);
        Assert.Equal(Contracts.DeclineReason.ReceiptConflict, otherAmount.Declined?.Reason);
        Assert.Equal((20L, false), (half.PointsReversed, half.Replayed));
        Assert.Equal(half with { Replayed = true }, halfAgain);
        Assert.Equal(20L, rest.PointsReversed);
        Assert.Equal(Contracts.DeclineReason.RefundExceedsPurchase, tooMuch.Declined?.Reason);
        Assert.Equal(Domain.Ledger.PointsAccount.ReceiptsHeld + 3 + 2, (await customer.GetLedgerAsync()).Count);
        Assert.Equal(100L, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_redemption_on_a_forgotten_sales_receipt_brings_the_sale_back_whole_for_its_return_and_its_repeats()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase("MIX-0", 40m));
        for (var i = 1; i <= Domain.Ledger.PointsAccount.ReceiptsHeld + 1; i++)
        {
            await card.EarnAsync(Purchase($"MIX-{i}", 10m));
        }
        var redeemed = await card.RedeemAsync(Redemption("MIX-0", 20));

        var otherAmount = await card.EarnAsync(Purchase("MIX-0", 400m));
        var returned = await card.RefundAsync(Refund("MIX-0-BACK", 40m, "MIX-0") with { OriginalTerminalId = "till-1", OriginalBusinessDay = TillDay.Of(Today) });

        Assert.Null(redeemed.Declined);
        Assert.Equal(Contracts.DeclineReason.ReceiptConflict, otherAmount.Declined?.Reason);
        Assert.Null(returned.Declined);
        Assert.Equal((40L, 20L), (returned.PointsReversed, returned.PointsReturned));
        Assert.Equal(10L * (Domain.Ledger.PointsAccount.ReceiptsHeld + 1), (await customer.GetAsync())!.Balance); // 130 earned, 20 spent and given back, 40 taken back
    }
}

[Collection(SqliteCluster.Name)]
public sealed class IdempotencyOnSqlite(SqliteClusterFixture fixture) : IdempotencyTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class IdempotencyOnPostgres(PostgresClusterFixture fixture) : IdempotencyTests(fixture);

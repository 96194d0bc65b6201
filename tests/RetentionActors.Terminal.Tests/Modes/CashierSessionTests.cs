using System.Threading.Channels;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Modes;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Modes;

[Collection(ClusterCollection.Name)]
public sealed class CashierSessionTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_cashier_taps_rings_up_a_purchase_with_lines_redeems_and_refunds_and_sees_green_and_red_lines()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Cashier Customer");
        var input = Channel.CreateUnbounded<InputItem>();
        var screen = new LinesWriter();
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        var session = new CashierSession(desk, new CashierScreen(screen, colour: false), keyboard: null).RunAsync(input.Reader, TestContext.Current.CancellationToken);

        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(card), null), TestContext.Current.CancellationToken);
        foreach (var line in (string[])["p", "c-1", "80", "coffee 20 drinks 2", "nonsense", "", "30", "f", "ret-1", "c-1", "", "40", "r", "c-2", "100000", "n"])
        {
            await input.Writer.WriteAsync(new InputItem(null, line), TestContext.Current.CancellationToken);
        }
        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Refused(RefusalReasons.BankCard), null), TestContext.Current.CancellationToken);
        input.Writer.Complete();
        await session.Within("the cashier session to finish the script");
        var shown = string.Join('\n', screen.All);
        var summary = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetAsync();

        Assert.Contains("OK  Cashier Customer — balance 0 points", shown, StringComparison.Ordinal);
        Assert.Contains("OK  +80 points on c-1, new balance 80", shown, StringComparison.Ordinal);
        Assert.Contains("NO  A line is: sku amount [category] [quantity].", shown, StringComparison.Ordinal);
        Assert.Contains("OK  -30 points = 0.30 off, new balance 50", shown, StringComparison.Ordinal);
        Assert.Contains("OK  refund ret-1:", shown, StringComparison.Ordinal);
        Assert.Contains("NO  declined (insufficientPoints)", shown, StringComparison.Ordinal);
        Assert.Contains("NO  card refused: bank card", shown, StringComparison.Ordinal);
        Assert.Equal(summary!.Balance, long.Parse(shown.Split("new balance ").Last().Split(' ', '\n')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_purchase_on_an_unissued_card_is_refused_kept_and_counted_on_the_screen_and_listed_with_d()
    {
        var unknown = ClusterFixture.NewCardId();
        var input = Channel.CreateUnbounded<InputItem>();
        var screen = new LinesWriter();
        var (desk, outbox, _) = Desks.Create(new FixedGrainAccess(cluster.Client), terminal: $"till-{Guid.NewGuid():N}"[..16]);
        var session = new CashierSession(desk, new CashierScreen(screen, colour: false), keyboard: null).RunAsync(input.Reader, TestContext.Current.CancellationToken);

        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(unknown), null), TestContext.Current.CancellationToken);
        foreach (var line in (string[])["p", "k-1", "15", "", "d", "n"])
        {
            await input.Writer.WriteAsync(new InputItem(null, line), TestContext.Current.CancellationToken);
        }
        input.Writer.Complete();
        await session.Within("the cashier session to finish the script");
        var shown = string.Join('\n', screen.All);

        Assert.Contains("NO  declined (unknownCard):", shown, StringComparison.Ordinal);
        Assert.Contains("kept at this till as a dead letter", shown, StringComparison.Ordinal);
        Assert.Contains("NO  1 sale is kept at this till as dead letters", shown, StringComparison.Ordinal);
        Assert.Contains($"receipt k-1, card {unknown}, 15.00: unknownCard", shown, StringComparison.Ordinal);
        Assert.Equal(1, outbox.DeadLetterCount());
    }

    [Fact]
    public async Task A_return_asks_for_the_original_till_and_day_and_needs_them_when_the_receipt_number_is_not_unique()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Returning Customer");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var cardGrain = cluster.Client.GetGrain<ILoyaltyCardGrain>(card.ToString());
        foreach (var day in new[] { today.AddDays(-1), today })
        {
            var sale = await cardGrain.EarnAsync(new Purchase("store-1", "till-1", "7", DateTimeOffset.UtcNow, 30m) { BusinessDay = day });
            Assert.True(sale.IsAccepted, sale.Declined?.Message);
        }
        var input = Channel.CreateUnbounded<InputItem>();
        var screen = new LinesWriter();
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        var session = new CashierSession(desk, new CashierScreen(screen, colour: false), keyboard: null).RunAsync(input.Reader, TestContext.Current.CancellationToken);

        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(card), null), TestContext.Current.CancellationToken);
        foreach (var line in (string[])["f", "ret-7", "7", "", "10", "f", "ret-7", "7", "till-1 2026-01-01 extra", $"till-1 {today.AddDays(-1):yyyy-MM-dd}", "10", "n"])
        {
            await input.Writer.WriteAsync(new InputItem(null, line), TestContext.Current.CancellationToken);
        }
        input.Writer.Complete();
        await session.Within("the cashier session to finish the script");
        var shown = string.Join('\n', screen.All);
        var refund = Assert.Single(await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync(), e => e.Kind == LedgerEntryKind.Refund);

        Assert.Contains("NO  declined (ambiguousReceipt)", shown, StringComparison.Ordinal);
        Assert.Contains("NO  Give the till id, the business day (yyyy-MM-dd), both, or nothing.", shown, StringComparison.Ordinal);
        Assert.Contains("OK  refund ret-7: -10 points", shown, StringComparison.Ordinal);
        Assert.Equal($"store-1/till-1/{today.AddDays(-1):yyyy-MM-dd}/7", refund.RefersTo);
    }

    [Fact]
    public async Task A_new_card_read_mid_prompt_drops_the_half_entered_purchase_and_serves_the_new_card()
    {
        var (firstCustomer, first) = await cluster.EnrolledCardAsync("First Shopper");
        var (_, second) = await cluster.EnrolledCardAsync("Second Shopper");
        var input = Channel.CreateUnbounded<InputItem>();
        var screen = new LinesWriter();
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        var session = new CashierSession(desk, new CashierScreen(screen, colour: false), keyboard: null).RunAsync(input.Reader, TestContext.Current.CancellationToken);

        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(first), null), TestContext.Current.CancellationToken);
        await input.Writer.WriteAsync(new InputItem(null, "p"), TestContext.Current.CancellationToken);
        await input.Writer.WriteAsync(new InputItem(null, "half-1"), TestContext.Current.CancellationToken);
        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(second), null), TestContext.Current.CancellationToken);
        await screen.NextContainingAsync("Second Shopper", "the second card to be shown");
        input.Writer.Complete();
        await session.Within("the session to end");

        Assert.Empty(await cluster.Client.GetGrain<ICustomerGrain>(firstCustomer).GetLedgerAsync());
    }
}

using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests.Security;

/// <summary>Through a gateway, a till reports and follows its own dead letters only, and cannot book a sale with a clock correction.</summary>
public sealed class DeadLetterGatewayTests
{
    [Fact]
    public async Task A_till_reports_and_follows_its_own_dead_letters_and_nobody_elses()
    {
        await using var cluster = await GatewayCluster.StartAsync(tls: false);
        var (_, token) = await cluster.IssueAsync(TerminalRole.Till);
        var till = await cluster.ConnectAsTerminalAsync(token);
        var now = DateTimeOffset.UtcNow;
        var sale = new Purchase("store-1", "till-1", "DLG-1", now, 10m) { BusinessDay = TillDay.Of(now) };
        var report = new DeadLetterReport("store-1", "till-1", Shop.NewCardId(), sale, "unknownCard", "Card is not issued to any customer.", now, 1);
        var own = till.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("store-1", "till-1"));

        var reported = await own.ReportAsync(report);
        var resolutions = await own.ResolutionsAsync(new TillDeadLetterQuery("store-1", "till-1", [new(sale.Day, "DLG-1")]));
        var intoAnother = await Assert.ThrowsAsync<InvalidRequestException>(
            () => till.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("store-2", "till-9")).ReportAsync(report));
        var asAnother = await Assert.ThrowsAsync<CallRefusedException>(() => own.ReportAsync(report with
        {
            StoreId = "store-2",
            Purchase = sale with { StoreId = "store-2" },
        }));
        var dismiss = await Assert.ThrowsAsync<CallRefusedException>(() => own.DismissAsync(new DeadLetterDismissal(sale.Day, "DLG-1", "till", "mine")));
        var letter = await (await cluster.ConnectAsClusterAsync()).GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("store-1", "till-1")).GetAsync(sale.Day, "DLG-1");

        Assert.Equal(DeadLetterStatus.Open, reported.Status);
        Assert.Empty(resolutions);
        Assert.Equal("StoreId", intoAnother.ParamName);
        Assert.Equal(CallRefusal.NotAllowed, asAnother.Refusal);
        Assert.Equal(CallRefusal.NotAllowed, dismiss.Refusal);
        Assert.Equal((DeadLetterStatus.Open, "unknownCard"), (letter!.Status, letter.ReasonCode));
    }

    [Fact]
    public async Task A_till_cannot_send_a_clock_correction_that_would_move_a_sale_off_its_business_day()
    {
        await using var cluster = await GatewayCluster.StartAsync(tls: false);
        var back = await cluster.ConnectAsClusterAsync();
        var customerId = Shop.NewId("c");
        var cardId = Shop.NewCardId();
        Assert.True((await back.GetGrain<Contracts.Customers.ICustomerGrain>(customerId).EnrollAsync(new Contracts.Customers.CustomerProfile("Clock Victim"))).IsAccepted);
        Assert.True((await back.GetGrain<ILoyaltyCardGrain>(cardId).LinkAsync(customerId)).IsAccepted);
        var (_, token) = await cluster.IssueAsync(TerminalRole.Till);
        var till = await cluster.ConnectAsTerminalAsync(token);
        var now = DateTimeOffset.UtcNow;

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => till.GetGrain<ILoyaltyCardGrain>(cardId).EarnAsync(
            new Purchase("store-1", "till-1", "CC-1", now, 10m) { BusinessDay = TillDay.Of(now.AddDays(5)), ClockCorrection = TimeSpan.FromDays(-5) }));

        Assert.Equal("ClockCorrection", refused.ParamName);
        Assert.Empty(await back.GetGrain<Contracts.Customers.ICustomerGrain>(customerId).GetLedgerAsync());
    }
}

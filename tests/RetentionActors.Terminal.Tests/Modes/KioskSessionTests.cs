using System.Threading.Channels;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Modes;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Modes;

[Collection(ClusterCollection.Name)]
public sealed class KioskSessionTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_shopper_enrolls_a_new_card_at_the_kiosk_and_sees_their_points_on_the_next_tap()
    {
        var card = ClusterFixture.NewCardId();
        var input = Channel.CreateUnbounded<InputItem>();
        var screen = new LinesWriter();
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        var session = new KioskSession(desk, new CashierScreen(screen, colour: false), keyboard: null).RunAsync(input.Reader, TestContext.Current.CancellationToken);

        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(card), null), TestContext.Current.CancellationToken);
        foreach (var line in (string[])["Kiosk Shopper", "kiosk@example.com", "1990-04-01", "y"])
        {
            await input.Writer.WriteAsync(new InputItem(null, line), TestContext.Current.CancellationToken);
        }
        await screen.NextContainingAsync("enrolled Kiosk Shopper", "the enrollment");
        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(card), null), TestContext.Current.CancellationToken);
        var greeting = await screen.NextContainingAsync("Hello", "the greeting on the next tap");
        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Refused(RefusalReasons.BankCard), null), TestContext.Current.CancellationToken);
        await screen.NextContainingAsync("cannot be used here", "the bank card refusal");
        input.Writer.Complete();
        await session.Within("the kiosk to end");
        var info = await cluster.Client.GetGrain<ILoyaltyCardGrain>(card.ToString()).GetAsync();
        var customer = await cluster.Client.GetGrain<ICustomerGrain>(info.CustomerId!).GetAsync();

        Assert.Equal("OK  Hello Kiosk Shopper! You have 0 points; 0 visits, 0.00 spent with us.", greeting);
        Assert.Equal(CardStatus.Active, info.Status);
        Assert.Equal(new CustomerProfile("Kiosk Shopper", "kiosk@example.com", null, new DateOnly(1990, 4, 1), MarketingConsent: true), customer!.Profile);
    }

    [Fact]
    public async Task A_known_shopper_answers_the_recommendation_question_and_the_score_is_stored()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Happy Shopper");
        var input = Channel.CreateUnbounded<InputItem>();
        var screen = new LinesWriter();
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        var session = new KioskSession(desk, new CashierScreen(screen, colour: false), keyboard: null).RunAsync(input.Reader, TestContext.Current.CancellationToken);

        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(card), null), TestContext.Current.CancellationToken);
        await screen.NextContainingAsync("Hello Happy Shopper", "the greeting");
        await input.Writer.WriteAsync(new InputItem(null, "8"), TestContext.Current.CancellationToken);
        await screen.NextContainingAsync("Thank you", "the thanks");
        input.Writer.Complete();
        await session.Within("the kiosk to end");

        var feedback = Assert.Single((await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetAsync())!.Feedback);
        Assert.Equal(8, feedback.Score);
    }

    [Fact]
    public async Task A_blocked_card_is_shown_in_red_and_not_offered_enrollment()
    {
        var (_, card) = await cluster.EnrolledCardAsync("Blocked Shopper");
        await cluster.Client.GetGrain<ILoyaltyCardGrain>(card.ToString()).BlockAsync("lost");
        var input = Channel.CreateUnbounded<InputItem>();
        var screen = new LinesWriter();
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        var session = new KioskSession(desk, new CashierScreen(screen, colour: false), keyboard: null).RunAsync(input.Reader, TestContext.Current.CancellationToken);

        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(card), null), TestContext.Current.CancellationToken);
        var shown = await screen.NextContainingAsync(card.ToString(), "the blocked card line");
        input.Writer.Complete();
        await session.Within("the kiosk to end");

        Assert.StartsWith("NO  ", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(screen.All, l => l.Contains("Enroll", StringComparison.Ordinal));
    }
}

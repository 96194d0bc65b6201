using RetentionActors.Contracts.Cards;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Checkout;

/// <summary>
/// A call that got no answer may have been done by the silo before it went quiet; one that never left the till (no
/// gateway connected) did nothing. The cashier is told which, and for a change, that sending it again does it once.
/// </summary>
public sealed class UnansweredCallTests
{
    private static readonly CardId Card = CardId.Parse("mag:6012345678901");

    [Fact]
    public async Task A_return_that_got_no_answer_says_it_may_be_done_and_that_sending_it_again_does_it_once()
    {
        var silo = new ScriptedSilo();
        silo.TimingOut.Add(nameof(ILoyaltyCardGrain.RefundAsync));
        var (desk, _, _) = Desks.Create(silo);

        var answer = await desk.RefundAsync(Card, "B-1", "R-1", 5m, null, TestContext.Current.CancellationToken);

        var declined = Assert.IsType<DeclinedAnswer>(answer);
        Assert.Equal(DeclineReasons.Offline, declined.Reason);
        Assert.Contains("If it took this before it stopped answering, it is done: send it again as it was", declined.Message);
    }

    [Fact]
    public async Task A_balance_that_got_no_answer_says_only_that_the_silo_did_not_answer()
    {
        var silo = new ScriptedSilo();
        silo.TimingOut.Add(nameof(ILoyaltyCardGrain.IdentifyAsync));
        var (desk, _, _) = Desks.Create(silo);

        var answer = await desk.BalanceAsync(Card, TestContext.Current.CancellationToken);

        Assert.Equal("The silo did not answer; only purchases are accepted offline.", Assert.IsType<DeclinedAnswer>(answer).Message);
    }

    [Fact]
    public async Task A_return_that_never_left_the_till_says_the_silo_cannot_be_reached()
    {
        var (desk, _, _) = Desks.Create(new SwitchableGrainAccess(new ScriptedSilo().Grains) { Up = false });

        var answer = await desk.RefundAsync(Card, "B-1", "R-1", 5m, null, TestContext.Current.CancellationToken);

        Assert.Equal("The silo cannot be reached; only purchases are accepted offline.", Assert.IsType<DeclinedAnswer>(answer).Message);
    }
}

using RetentionActors.Contracts;
using RetentionActors.Contracts.Cards;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>
/// A receipt redeems once at the till too: while its offline redemption waits to be sent the silo does not know it, so
/// the till answers for the receipt, online or not; and a receipt whose offline redemption the cluster refused is not
/// answered as redeemed again.
/// </summary>
public sealed class OfflineRedemptionReceiptTests
{
    private static readonly CardId Card = CardId.Parse("mag:6012345678901");

    [Fact]
    public async Task A_receipt_redeemed_offline_and_not_yet_sent_is_not_redeemed_again_online_or_offline()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var silo = new ScriptedSilo();
        var access = new SwitchableGrainAccess(silo.Grains) { Up = false };
        var (desk, outbox, _) = Desks.Create(access);
        Allowances.KeepSigned(outbox, Card.ToString(), DateTimeOffset.UtcNow);

        var first = await desk.RedeemAsync(Card, "R-1", 30, cancellation);
        var againOffline = await desk.RedeemAsync(Card, "R-1", 30, cancellation);
        access.Up = true;
        var againOnline = await desk.RedeemAsync(Card, "R-1", 30, cancellation);
        var otherPoints = await desk.RedeemAsync(Card, "R-1", 40, cancellation);

        Assert.Equal((30L, 70L), (Assert.IsType<OfflineRedeemedAnswer>(first).PointsRedeemed, ((OfflineRedeemedAnswer)first).AllowanceLeft));
        Assert.All(new[] { againOffline, againOnline }, again =>
        {
            var answer = Assert.IsType<OfflineRedeemedAnswer>(again);
            Assert.Equal((30L, 70L), (answer.PointsRedeemed, answer.AllowanceLeft)); // the same redemption, not a second
            Assert.Contains("already redeemed these 30 points at this till, not again", answer.Message);
        });
        Assert.Equal(DeclineReasons.From(DeclineReason.ReceiptConflict), Assert.IsType<DeclinedAnswer>(otherPoints).Reason);
        Assert.Empty(silo.Redemptions); // the silo was not asked: the till's queued one is sent by the drain
        Assert.Equal(1, outbox.OfflineRedemptionCount());
    }

    [Fact]
    public async Task A_receipt_whose_offline_redemption_the_cluster_refused_is_not_answered_as_redeemed_offline_again()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (desk, outbox, _) = Desks.Create(new SwitchableGrainAccess(new ScriptedSilo().Grains) { Up = false });
        Allowances.KeepSigned(outbox, Card.ToString(), DateTimeOffset.UtcNow);
        await desk.RedeemAsync(Card, "R-2", 30, cancellation);
        outbox.SetAsideOfflineRedemption(Assert.Single(outbox.PendingOfflineRedemptions()).Sequence, "cardBlocked", "Card blocked.");

        var again = await desk.RedeemAsync(Card, "R-2", 30, cancellation);

        var declined = Assert.IsType<DeclinedAnswer>(again);
        Assert.Equal("cardBlocked", declined.Reason);
        Assert.Contains("this receipt is not redeemed offline again", declined.Message);
        Assert.Equal((0, 1), (outbox.OfflineRedemptionCount(), outbox.RefusedOfflineRedemptions().Count));
    }

    [Fact]
    public async Task A_receipt_redeemed_offline_with_one_card_is_not_answered_as_redeemed_for_another()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (desk, outbox, _) = Desks.Create(new SwitchableGrainAccess(new ScriptedSilo().Grains) { Up = false });
        Allowances.KeepSigned(outbox, Card.ToString(), DateTimeOffset.UtcNow);
        await desk.RedeemAsync(Card, "R-3", 30, cancellation);

        var otherCard = await desk.RedeemAsync(CardId.Parse("mag:6012345678902"), "R-3", 30, cancellation);

        var declined = Assert.IsType<DeclinedAnswer>(otherCard);
        Assert.Equal(DeclineReasons.From(DeclineReason.ReceiptConflict), declined.Reason);
        Assert.Contains("with another card", declined.Message);
    }

    [Fact]
    public async Task A_sale_rung_up_with_points_on_a_receipt_redeemed_offline_and_not_yet_sent_does_not_redeem_them_again()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var silo = new ScriptedSilo();
        var access = new SwitchableGrainAccess(silo.Grains) { Up = false };
        var (desk, outbox, _) = Desks.Create(access);
        Allowances.KeepSigned(outbox, Card.ToString(), DateTimeOffset.UtcNow);
        await desk.RedeemAsync(Card, "R-4", 30, cancellation);
        access.Up = true;

        var sale = await desk.PurchaseAsync(Card, "R-4", 50m, null, cancellation, pointsToRedeem: 30);

        var accrued = Assert.IsType<AccruedAnswer>(sale); // the scripted silo serves only checkouts without points to redeem
        Assert.Equal(30L, Assert.IsType<OfflineRedeemedAnswer>(accrued.Redemption).PointsRedeemed);
        Assert.Empty(silo.Redemptions);
        Assert.Equal(1, outbox.OfflineRedemptionCount());
    }

    [Fact]
    public async Task A_receipt_whose_offline_redemption_was_booked_is_not_redeemed_offline_again()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (desk, outbox, _) = Desks.Create(new SwitchableGrainAccess(new ScriptedSilo().Grains) { Up = false });
        Allowances.KeepSigned(outbox, Card.ToString(), DateTimeOffset.UtcNow);
        await desk.RedeemAsync(Card, "R-5", 30, cancellation);
        outbox.OfflineRedemptionBooked(Assert.Single(outbox.PendingOfflineRedemptions()).Sequence); // a drain while the silo was back

        var same = await desk.RedeemAsync(Card, "R-5", 30, cancellation);
        var other = await desk.RedeemAsync(Card, "R-5", 40, cancellation);

        var again = Assert.IsType<OfflineRedeemedAnswer>(same);
        Assert.Equal((30L, 70L), (again.PointsRedeemed, again.AllowanceLeft));
        Assert.Contains("the cluster booked them; not again", again.Message);
        Assert.Equal(DeclineReasons.From(DeclineReason.ReceiptConflict), Assert.IsType<DeclinedAnswer>(other).Reason);
        Assert.Equal(0, outbox.OfflineRedemptionCount()); // nothing queued a second time
    }

    [Fact]
    public async Task A_sale_queued_with_points_on_a_receipt_redeemed_offline_says_they_were_redeemed_there_before()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (desk, outbox, _) = Desks.Create(new SwitchableGrainAccess(new ScriptedSilo().Grains) { Up = false });
        Allowances.KeepSigned(outbox, Card.ToString(), DateTimeOffset.UtcNow);
        await desk.RedeemAsync(Card, "R-6", 30, cancellation);

        var sale = await desk.PurchaseAsync(Card, "R-6", 50m, null, cancellation, pointsToRedeem: 30);

        var queued = Assert.IsType<QueuedAnswer>(sale);
        Assert.Contains("receipt R-6 already redeemed these 30 points at this till, not again", queued.Message);
        Assert.DoesNotContain("the redemption is not confirmed", queued.Message);
        Assert.Equal((1, 1), (outbox.Count(), outbox.OfflineRedemptionCount()));
    }
}

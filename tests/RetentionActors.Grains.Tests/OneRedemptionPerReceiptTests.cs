using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A receipt redeems once, whether the redemption arrives online or later from a till's outbox as an offline one. A till
/// whose online redemption got no answer cannot tell whether it was booked; it falls back to redeeming the same receipt
/// offline, and the cluster must not take the points twice when both arrive.
/// </summary>
[Collection(MechanicsCluster.Name)]
public sealed class OneRedemptionPerReceiptTests(MechanicsClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);
    private readonly IProgramGrain _program = fixture.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);

    // A store of its own: receipt numbers repeat across the tests sharing this cluster and its clock.
    private readonly string _store = Shop.NewId("store");

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private Redemption Online(string receipt, long points) => new(_store, "till-1", receipt, Now, points);

    private static OfflineRedemption Offline(Redemption online, OfflineAllowance allowance) =>
        new(online.StoreId, online.TerminalId, online.ReceiptId, online.OccurredAt, online.Points, online.Day, allowance);

    private async Task<(Contracts.Customers.ICustomerGrain Customer, Contracts.Cards.ILoyaltyCardGrain Card, OfflineAllowance Allowance)> CustomerWith200PointsAsync()
    {
        await _program.UpdateAsync(TestClusters.Program with { MinimumSpend = 0m, OfflineRedemptionDailyLimit = 100 }, "op-offline");
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        Assert.True((await card.EarnAsync(new Purchase(_store, "till-1", "SALE", Now, 200m))).IsAccepted);
        var grant = await card.RequestOfflineAllowanceAsync(new AllowanceRequest(_store, "till-1"));
        Assert.NotNull(grant.Allowance);
        return (customer, card, grant.Allowance);
    }

    [Fact]
    public async Task An_offline_redemption_of_a_receipt_already_redeemed_online_replays_the_online_answer()
    {
        var (customer, card, allowance) = await CustomerWith200PointsAsync();

        var online = await card.RedeemAsync(Online("R1", 40));
        var offline = await card.RedeemOfflineAsync(Offline(Online("R1", 40), allowance));

        Assert.True(online.IsAccepted, online.Declined?.Message);
        Assert.Equal(online with { Replayed = true }, offline);
        Assert.Equal(160, (await customer.GetAsync())!.Balance);
        Assert.Single(await customer.GetLedgerAsync(), e => e.Kind is LedgerEntryKind.Redemption or LedgerEntryKind.OfflineRedemption);
    }

    [Fact]
    public async Task An_online_redemption_of_a_receipt_already_redeemed_offline_replays_the_offline_answer()
    {
        var (customer, card, allowance) = await CustomerWith200PointsAsync();

        var offline = await card.RedeemOfflineAsync(Offline(Online("R2", 30), allowance));
        var online = await card.RedeemAsync(Online("R2", 30));

        Assert.True(offline.IsAccepted, offline.Declined?.Message);
        Assert.Equal(offline with { Replayed = true }, online);
        Assert.Equal(170, (await customer.GetAsync())!.Balance);
        Assert.Single(await customer.GetLedgerAsync(), e => e.Kind is LedgerEntryKind.Redemption or LedgerEntryKind.OfflineRedemption);
    }

    [Fact]
    public async Task A_second_redemption_of_other_points_on_the_same_receipt_is_refused_whichever_ways_they_came()
    {
        var (customer, card, allowance) = await CustomerWith200PointsAsync();

        await card.RedeemAsync(Online("R3", 10));
        var offlineAfterOnline = await card.RedeemOfflineAsync(Offline(Online("R3", 20), allowance));
        await card.RedeemOfflineAsync(Offline(Online("R4", 10), allowance));
        var onlineAfterOffline = await card.RedeemAsync(Online("R4", 20));
        await card.RedeemOfflineAsync(Offline(Online("R5", 10), allowance));
        var offlineAfterOffline = await card.RedeemOfflineAsync(Offline(Online("R5", 20), allowance));

        Assert.Equal([DeclineReason.ReceiptConflict, DeclineReason.ReceiptConflict, DeclineReason.ReceiptConflict],
            new[] { offlineAfterOnline, onlineAfterOffline, offlineAfterOffline }.Select(r => r.Declined?.Reason));
        Assert.Equal(170, (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_return_gives_back_its_share_of_the_points_its_receipt_redeemed_offline()
    {
        var (customer, card, allowance) = await CustomerWith200PointsAsync();
        Assert.True((await card.RedeemOfflineAsync(Offline(Online("SALE", 40), allowance))).IsAccepted);

        var half = await card.RefundAsync(new Refund(_store, "till-2", "BACK-1", Now, 100m, _store, "SALE"));

        Assert.True(half.IsAccepted, half.Declined?.Message);
        Assert.Equal((20L, 100L, 80L), (half.PointsReturned, half.PointsReversed, half.Balance));
        Assert.Equal(80, (await customer.GetAsync())!.Balance); // 200 − 40 + 20 − 100
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Contracts.Program;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests;

/// <summary>
/// Issue 16's acceptance test for offline redemption: two silo processes on PostgreSQL, two tills of one store with real
/// credentials. Till t1 gets the card's allowance online, goes offline and redeems under it while the same points are
/// spent online at till t2; on replay both redemptions are booked once, the shortfall is the customer's debt, and the next
/// purchase pays it back. Above the allowance, or with the allowance altered, the till refuses; the cluster refuses an
/// altered or foreign allowance as well.
/// </summary>
public sealed class OfflineRedemptionAcceptanceTests
{
    private const long DailyLimit = 50;

    [Fact]
    public async Task Offline_redemption_within_the_allowance_is_booked_once_with_the_shortfall_as_debt_recovered_from_the_next_purchase()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var shop = await TwoTillCluster.OpenAsync(ProgramSettings.Default with { OfflineRedemptionDailyLimit = DailyLimit }, cancellation);
        var (customerId, card) = await shop.CustomerWithPointsAsync("cust-offline", "mag:7300000001", 100);
        var customer = shop.Insider.Grains.GetGrain<ICustomerGrain>(customerId);

        var identified = await shop.TillOne.IdentifyAsync(card, cancellation);
        shop.TillOneAccess.Up = false;
        var aboveAllowance = await shop.TillOne.RedeemAsync(card, "A-1", DailyLimit + 1, cancellation);
        var offline = await shop.TillOne.RedeemAsync(card, "A-2", 40, cancellation);
        var pastWhatIsLeft = await shop.TillOne.RedeemAsync(card, "A-3", 11, cancellation);
        var tamperedAtTheTill = await WithAllowanceAlteredAsync(shop, card, () => shop.TillOne.RedeemAsync(card, "A-4", 5, cancellation));
        var online = await shop.TillTwo.RedeemAsync(card, "B-1", 80, cancellation);
        shop.TillOneAccess.Up = true;
        await shop.TillOneReplayer.DrainAsync(null, cancellation);
        var owing = await customer.GetAsync();
        var purchase = await shop.TillTwo.PurchaseAsync(card, "B-2", 30m, null, cancellation);
        var ledger = await customer.GetLedgerAsync(take: 1000);
        var after = await customer.GetAsync();

        Assert.Equal(DailyLimit, identified.Line().OfflineAllowance);
        Assert.Equal(DeclineReasons.From(DeclineReason.OfflineAllowanceRefused), aboveAllowance.Line().Reason);
        Assert.Equal((AnswerEvents.Redeemed, true, 40L), (offline.Event, offline.Line().Offline, offline.Line().PointsRedeemed));
        Assert.StartsWith(LoyaltyDesk.OfflineRedemptionNotice, offline.Line().Message);
        Assert.Equal(DeclineReasons.From(DeclineReason.OfflineAllowanceRefused), pastWhatIsLeft.Line().Reason);
        Assert.Equal(DeclineReasons.From(DeclineReason.OfflineAllowanceRefused), tamperedAtTheTill.Line().Reason);
        Assert.Equal((AnswerEvents.Redeemed, 20L), (online.Event, online.Line().Balance));
        Assert.Equal((0L, 20L), (owing!.Balance, owing.Debt));
        Assert.Equal(0, shop.TillOneOutbox.OfflineRedemptionCount());
        Assert.Equal((AnswerEvents.Accrued, 10L), (purchase.Event, purchase.Line().Balance));
        Assert.Equal((10L, 0L), (after!.Balance, after.Debt));
        Assert.Equal(
            [(LedgerEntryKind.Purchase, "seed-1", 100L, 0L), (LedgerEntryKind.Redemption, "B-1", -80L, 0L), (LedgerEntryKind.OfflineRedemption, "A-2", -20L, 20L),
             (LedgerEntryKind.Purchase, "B-2", 30L, 0L), (LedgerEntryKind.DebtRecovery, "B-2", -20L, -20L)],
            ledger.Select(e => (e.Kind, e.ReceiptId!, e.Points, e.Debt)));

        // Replayed again (a till that did not hear the answer): booked once.
        var queued = new OfflineRedemption("s1", "t1", "A-2", DateTimeOffset.UtcNow, 40, DateOnly.FromDateTime(DateTime.Now), shop.TillOneOutbox.Allowance(card.ToString())!);
        var again = await shop.TillOneAccess.Grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).RedeemOfflineAsync(queued with { OccurredAt = ledger[2].OccurredAt, BusinessDay = ledger[2].BusinessDay!.Value });
        Assert.True(again.Replayed);
        Assert.Equal(5, (await customer.GetLedgerAsync(take: 1000)).Count);
    }

    [Fact]
    public async Task The_cluster_refuses_an_altered_or_foreign_allowance_and_the_till_keeps_the_refused_redemption()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var shop = await TwoTillCluster.OpenAsync(ProgramSettings.Default with { OfflineRedemptionDailyLimit = DailyLimit }, cancellation);
        var (customerId, card) = await shop.CustomerWithPointsAsync("cust-forged", "mag:7300000002", 100);
        await shop.TillOne.IdentifyAsync(card, cancellation);
        var allowance = shop.TillOneOutbox.Allowance(card.ToString())!;
        var tills = shop.TillOneAccess.Grains.GetGrain<ILoyaltyCardGrain>(card.ToString());
        OfflineRedemption Redemption(string receipt, OfflineAllowance under) =>
            new("s1", "t1", receipt, DateTimeOffset.UtcNow, 10, DateOnly.FromDateTime(DateTime.Now), under);

        var raised = await tills.RedeemOfflineAsync(Redemption("F-1", allowance with { Points = 10_000 }));
        var ownKey = await tills.RedeemOfflineAsync(Redemption("F-2", SignedByAnotherKey(allowance with { Points = 10_000 })));
        var otherTill = await tills.RedeemOfflineAsync(Redemption("F-3", allowance with { TerminalId = "t2" }));
        shop.TillOneOutbox.EnqueueOfflineRedemption(card.ToString(), Redemption("F-4", allowance with { Points = 10_000 }), DateTimeOffset.UtcNow);
        await shop.TillOneReplayer.DrainAsync(null, cancellation);
        var genuine = await tills.RedeemOfflineAsync(Redemption("F-5", allowance));

        var refused = DeclineReason.OfflineAllowanceRefused;
        Assert.Equal([refused, refused, refused], new[] { raised, ownKey, otherTill }.Select(r => r.Declined?.Reason));
        var kept = Assert.Single(shop.TillOneOutbox.RefusedOfflineRedemptions());
        Assert.Equal(("F-4", DeclineReasons.From(refused)), (kept.Redemption.Redemption.ReceiptId, kept.Reason));
        Assert.True(genuine.IsAccepted, genuine.Declined?.Message); // the same allowance, unaltered, is booked
        Assert.Equal(90, (await shop.Insider.Grains.GetGrain<ICustomerGrain>(customerId).GetAsync())!.Balance);
    }

    // Changes the allowance kept in till t1's outbox file (more points, same signature) for the time of one call.
    private static async Task<DeskAnswer> WithAllowanceAlteredAsync(TwoTillCluster shop, CardId card, Func<Task<DeskAnswer>> call)
    {
        var kept = shop.TillOneOutbox.Allowance(card.ToString())!;
        Rewrite(shop.TillOneOutbox.Path, card, kept with { Points = 10_000 });
        try
        {
            return await call();
        }
        finally
        {
            Rewrite(shop.TillOneOutbox.Path, card, kept);
        }
    }

    private static void Rewrite(string outboxPath, CardId card, OfflineAllowance allowance)
    {
        using var connection = new SqliteConnection($"Data Source={outboxPath};Pooling=False");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE offline_allowance SET allowance = $allowance WHERE card_id = $card";
        update.Parameters.AddWithValue("$allowance", JsonSerializer.Serialize(allowance));
        update.Parameters.AddWithValue("$card", card.ToString());
        Assert.Equal(1, update.ExecuteNonQuery());
    }

    // What a till that made up its own key would send: a valid signature, by a key the cluster never had.
    private static OfflineAllowance SignedByAnotherKey(OfflineAllowance allowance)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return allowance with { Signature = Convert.ToBase64String(key.SignData(allowance.SignedBytes(), HashAlgorithmName.SHA256)) };
    }
}

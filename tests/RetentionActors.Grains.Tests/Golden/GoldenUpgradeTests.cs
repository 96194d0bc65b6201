using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests.Golden;

/// <summary>
/// Stores written with store + receipt identity (<see cref="GoldenData"/>), upgraded to store + till + business
/// day + receipt: old sales sent again are replays, old sales can be returned, new days' receipt numbers earn.
/// </summary>
public abstract class GoldenUpgradeTests
{
    private static readonly string[] MigratedLedger =
    [
        "golden-ann|1|store-1/till-1/2026-11-19/1/purchase|-|2026-11-19",
        "golden-ann|2|store-1/till-1/2026-11-19/1/bonus/campaign-golden-spend|-|2026-11-19",
        // Rung up at 00:30 (+01:00): the till's day is the 20th, though it was still the 19th in UTC.
        "golden-ann|3|store-1/till-2/2026-11-20/2/purchase|-|2026-11-20",
        "golden-ann|4|store-1/till-2/2026-11-20/2/bonus/campaign-golden-spend|-|2026-11-20",
        "golden-ann|5|store-1/till-2/2026-11-20/2/redemption|-|2026-11-20",
        "golden-ann|6|store-1/till-1/2026-11-20/R-1/refund|store-1/till-1/2026-11-19/1|2026-11-20",
        "golden-ann|7|adjustment/CASE-7|-|-",
        "golden-ann|8|rewards/catalogue/2026-11-20/claim-1/redemption|-|2026-11-20",
        "golden-bob|1|store-2/till-1/2026-11-19/1/purchase|-|2026-11-19",
        "golden-bob|2|store-2/till-1/2026-11-19/1/bonus/campaign-golden-spend|-|2026-11-19",
        "golden-bob|3|store-2/till-1/2026-11-19/2/purchase|-|2026-11-19",
    ];

    private static readonly string[] MigratedOperations =
    [
        "golden-ann|adjustment/CASE-7",
        "golden-ann|reward/claim-1",
        "golden-ann|store-1/till-1/2026-11-19/1/purchase",
        "golden-ann|store-1/till-1/2026-11-20/R-1/refund",
        "golden-ann|store-1/till-2/2026-11-20/2/purchase",
        "golden-ann|store-1/till-2/2026-11-20/2/redemption",
        "golden-bob|store-2/till-1/2026-11-19/1/purchase",
        "golden-bob|store-2/till-1/2026-11-19/2/purchase",
    ];

    private const string LedgerQuery = "SELECT customer_id, seq, idempotency_key, refers_to, business_day FROM ledger ORDER BY customer_id, seq";
    private const string OperationsQuery = "SELECT customer_id, operation_key FROM operations ORDER BY customer_id, operation_key";

    protected abstract Task<GoldenStore> OpenGoldenAsync();

    [Fact]
    public async Task The_migration_rewrites_old_keys_and_fills_business_days_and_running_it_again_changes_nothing()
    {
        await using var store = await OpenGoldenAsync();
        var untouched = await store.QueryAsync("SELECT customer_id, seq, kind, points, amount, balance_after, occurred_at, draws FROM ledger ORDER BY customer_id, seq");

        await store.MigrateAsync();
        var ledger = await store.QueryAsync(LedgerQuery);
        var operations = await store.QueryAsync(OperationsQuery);
        var results = await store.QueryAsync("SELECT result FROM operations ORDER BY customer_id, operation_key");
        await store.MigrateAgainAsync();

        Assert.Equal(MigratedLedger, ledger);
        Assert.Equal(MigratedOperations, operations);
        Assert.Equal(untouched, await store.QueryAsync("SELECT customer_id, seq, kind, points, amount, balance_after, occurred_at, draws FROM ledger ORDER BY customer_id, seq"));
        Assert.Equal(ledger, await store.QueryAsync(LedgerQuery));
        Assert.Equal(operations, await store.QueryAsync(OperationsQuery));
        Assert.Equal(results, await store.QueryAsync("SELECT result FROM operations ORDER BY customer_id, operation_key"));
    }

    [Fact]
    public async Task Old_sales_sent_again_are_replays_old_sales_can_be_returned_and_the_next_days_receipt_1_earns()
    {
        await using var store = await OpenGoldenAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
        var cluster = await TestClusters.StartAsync(silo =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainServices.ClockKey, clock);
            store.Configure(silo);
        }, setProgram: false);
        try
        {
            await PlayAsync(cluster.Client);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task PlayAsync(IClusterClient grains)
    {
        var ann = grains.GetGrain<ILoyaltyCardGrain>(GoldenData.AnnCard);
        var bob = grains.GetGrain<ILoyaltyCardGrain>(GoldenData.BobCard);
        var annCustomer = grains.GetGrain<ICustomerGrain>(GoldenData.Ann);
        var bobCustomer = grains.GetGrain<ICustomerGrain>(GoldenData.Bob);
        var campaign = grains.GetGrain<ICampaignGrain>(GoldenData.SpendCampaign.Id);
        var annLedger = await annCustomer.GetLedgerAsync();
        var bobLedger = await bobCustomer.GetLedgerAsync();

        // Sent again exactly as the old tills sent them (no business day): answered from the stored answers.
        var annFirst = await ann.EarnAsync(GoldenData.AnnFirst);
        var annSecond = await ann.EarnAsync(GoldenData.AnnSecond);
        var annRedemption = await ann.RedeemAsync(GoldenData.AnnRedemption);
        var annRefund = await ann.RefundAsync(GoldenData.AnnPartialRefund);
        var bobFirst = await bob.EarnAsync(GoldenData.BobFirst);

        Assert.Equal(new AccrualResult(60, 70, [], Replayed: true)
        {
            BonusPoints = 10,
            CampaignsApplied = [GoldenData.SpendCampaign.Name],
            Stamps = new Dictionary<string, int> { ["coffee-card"] = 2 },
        }, annFirst);
        Assert.Equal((true, 30L, 110L), (annSecond.Replayed, annSecond.PointsEarned, annSecond.Balance));
        Assert.Equal(new RedemptionResult(20, 0.20m, 90, Replayed: true), annRedemption);
        Assert.Equal(new RefundResult(24, 0, 0, 66, Replayed: true), annRefund);
        Assert.Equal((true, 25L, 35L), (bobFirst.Replayed, bobFirst.PointsEarned, bobFirst.Balance));
        Assert.Equal(annLedger, await annCustomer.GetLedgerAsync());
        Assert.Equal(bobLedger, await bobCustomer.GetLedgerAsync());
        Assert.Equal(30, (await campaign.GetAsync(GoldenData.SpendCampaign)).Given);

        // An old sale returned the way old tills and imports name it: store and receipt.
        var bobBack = await bob.RefundAsync(new Refund("store-2", "till-1", "B-1", Time(2026, 11, 21, 9), 25m, "store-2", "1"));
        Assert.Equal(new RefundResult(25, 0, 0, 10) { BonusPointsReversed = 10 }, bobBack);
        var afterBob = await campaign.GetAsync(GoldenData.SpendCampaign);
        Assert.Equal((20L, 10L), (afterBob.Given, afterBob.Returned));

        // Receipt 1 again, on the next business days: new sales.
        var bobNextDay = await bob.EarnAsync(GoldenData.BobFirst with { OccurredAt = Time(2026, 11, 20, 10) });
        var annNextDay = await ann.EarnAsync(new Purchase("store-1", "till-1", "1", Time(2026, 11, 21, 9), 100m));
        Assert.Equal((false, 25L, 10L, 45L), (bobNextDay.Replayed, bobNextDay.PointsEarned, bobNextDay.BonusPoints, bobNextDay.Balance));
        Assert.Equal((false, 100L, 10L, 131L), (annNextDay.Replayed, annNextDay.PointsEarned, annNextDay.BonusPoints, annNextDay.Balance));

        // Ann's old receipt 1 now has a namesake: store and receipt are not enough, till and day are.
        var ambiguous = await ann.RefundAsync(new Refund("store-1", "till-1", "R-2", Time(2026, 11, 21, 9, 30), 30m, "store-1", "1"));
        var annBack = await ann.RefundAsync(new Refund("store-1", "till-1", "R-2", Time(2026, 11, 21, 9, 30), 30m, "store-1", "1")
        {
            OriginalTerminalId = "till-1",
            OriginalBusinessDay = new DateOnly(2026, 11, 19),
        });
        Assert.Equal(DeclineReason.AmbiguousReceipt, ambiguous.Declined?.Reason);
        // 60 − 24 taken back before the upgrade; of the bonus, 10 × 50/50 − 10 × 20/50 (the old refund took none).
        // The old sale's stamps stay: its stored answer does not say what it earned.
        Assert.Equal(new RefundResult(36, 0, 0, 89) { BonusPointsReversed = 6 }, annBack);
        Assert.Equal(2, (await annCustomer.GetAsync())!.Stamps["coffee-card"]);

        var status = await campaign.GetAsync(GoldenData.SpendCampaign);
        Assert.Equal((34L, 16L), (status.Given, status.Returned));
        Assert.Equal(12, (await annCustomer.GetLedgerAsync()).Count);
        Assert.Equal(7, (await bobCustomer.GetLedgerAsync()).Count);
        Assert.Equal((89L, 45L), ((await annCustomer.GetAsync())!.Balance, (await bobCustomer.GetAsync())!.Balance));
    }

    private static DateTimeOffset Time(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}

public sealed class GoldenUpgradeOnSqlite : GoldenUpgradeTests
{
    protected override Task<GoldenStore> OpenGoldenAsync() => Task.FromResult<GoldenStore>(new GoldenStore.Sqlite());
}

public sealed class GoldenUpgradeOnPostgres : GoldenUpgradeTests
{
    protected override async Task<GoldenStore> OpenGoldenAsync() => await GoldenStore.Postgres.CreateAsync();
}

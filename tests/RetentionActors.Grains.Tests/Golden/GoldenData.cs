using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;

namespace RetentionActors.Grains.Tests.Golden;

/// <summary>
/// What the golden databases in this folder hold: the program, the customers and the till operations
/// that <see cref="GoldenDataWriter"/> sent, with the receipt identity of the code that wrote them
/// (store + receipt). Tests of later code replay these same operations against a migrated copy.
/// </summary>
public static class GoldenData
{
    public const string SqliteFile = "retention-golden.db";
    public const string PostgresDump = "retention-golden.postgres.sql";

    /// <summary>The program was set up then, two days before the sales.</summary>
    public static readonly DateTimeOffset ProgramSetUpAt = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The silo's clock while the sales were sent.</summary>
    public static readonly DateTimeOffset WrittenAt = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public const string Ann = "golden-ann";
    public const string AnnCard = "mag:6012345678901";
    public const string Bob = "golden-bob";
    public const string BobCard = "mag:6012345678902";

    public static readonly CampaignSettings SpendCampaign = new("golden-spend", "10 points over 20 EUR", CampaignKind.SpendBonus,
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
        Threshold = 20m,
        BonusPoints = 10,
        PointsBudget = 1000,
    };

    public static readonly ProgramSettings Program = new("EUR", 1m, new Dictionary<string, decimal> { ["coffee"] = 2m }, MinimumSpend: 0m,
        RedemptionValuePerPoint: 0.01m, MaximumPurchaseAmount: 5000m)
    {
        StampCards = [new("coffee-card", "Coffee card", null, "coffee", 6, "A free coffee")],
        Rewards = [new("cake", "A free cake", 50, CouponKind.FreeItem, 0m)],
        Campaigns = [SpendCampaign],
    };

    // Ann: two tills of store-1, one sale on each; a redemption; a partial refund; an adjustment; a reward.
    // Her second sale was rung up at 00:30 local time (+01:00): its business day is the 20th, its UTC date the 19th.
    public static readonly Purchase AnnFirst = new("store-1", "till-1", "1", new DateTimeOffset(2026, 11, 19, 18, 0, 0, TimeSpan.FromHours(1)), 50m,
        [new PurchaseLine("latte", "coffee", 2, 10m)]);
    public static readonly Purchase AnnSecond = new("store-1", "till-2", "2", new DateTimeOffset(2026, 11, 20, 0, 30, 0, TimeSpan.FromHours(1)), 30m);
    public static readonly Redemption AnnRedemption = new("store-1", "till-2", "2", new DateTimeOffset(2026, 11, 20, 0, 31, 0, TimeSpan.FromHours(1)), 20);
    public static readonly Refund AnnPartialRefund = new("store-1", "till-1", "R-1", new DateTimeOffset(2026, 11, 20, 11, 0, 0, TimeSpan.FromHours(1)), 20m, "store-1", "1");
    public static readonly Adjustment AnnAdjustment = new("CASE-7", 5, "Goodwill", "op-golden");
    public const string AnnRewardClaim = "claim-1";

    // Bob: receipts 1 and 2 of store-2's till-1 on the 19th (UTC).
    public static readonly Purchase BobFirst = new("store-2", "till-1", "1", new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.Zero), 25m);
    public static readonly Purchase BobSecond = new("store-2", "till-1", "2", new DateTimeOffset(2026, 11, 19, 10, 5, 0, TimeSpan.Zero), 10m);
}

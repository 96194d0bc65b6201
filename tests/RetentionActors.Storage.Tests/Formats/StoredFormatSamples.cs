using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Tiers;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Storage.Tests.Formats;

/// <summary>
/// One of each record the store keeps as JSON for a customer, every property set to something other than its default,
/// so that a golden file written from them holds every field today's code writes.
/// </summary>
internal static class StoredFormatSamples
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 30, 15, TimeSpan.Zero);

    private static readonly CouponInfo Coupon = new("CPN-7Q2X", CouponKind.FreeItem, "Free coffee", 2.5m, "c-1001", "stamp card coffee",
        At, At.AddDays(30), At.AddDays(2), "s1/t2/2026-12-06/88") { VoidedAt = At.AddDays(3) };

    private static readonly Decline SkewDecline = new(DeclineReason.TillClockSkew, "The till's clock is 42 minutes ahead.") { ClockSkew = TimeSpan.FromMinutes(42) };

    /// <summary>File name (without .json) → the customer document or the answer, and its type.</summary>
    public static IReadOnlyDictionary<string, (object Value, Type Type)> All { get; } = new Dictionary<string, (object, Type)>
    {
        ["customer-document"] = (new CustomerDocument(new CustomerProfile("Ada Lovelace", "ada@example.org", "+44 20 7946 0000", new DateOnly(1990, 12, 10), true),
            At.AddYears(-2), ["nfc:04A1B2C3D4E5F6", "bar:2900000000017"], 17)
        {
            Tier = new TierStanding("Gold", At.AddMonths(-3), At.AddMonths(9)),
            Stamps = new Dictionary<string, int> { ["coffee"] = 7 },
            Coupons = ["CPN-7Q2X"],
            ReferredBy = "c-0042",
            FriendBonusGiven = true,
            Feedback = [new Feedback("s1/t2/2026-12-04/87", 9, At, "s1")],
            EnrollmentId = "s1/t2/enrol-5",
            ReferralCode = "RK7M2QW9X",
            LimitBreaches = ["2026-12-01T10:00:00Z points per day"],
            CampaignGroups = new Dictionary<string, bool> { ["spring"] = true },
        }, typeof(CustomerDocument)),
        ["answer-accrual"] = (new AccrualResult(125, 1_480, ["Free coffee"], null, true)
        {
            Tier = "Gold",
            TierUpgraded = true,
            DiscountPercent = 5m,
            DiscountAmount = 1.25m,
            BonusPoints = 50,
            CampaignsApplied = ["spring"],
            Stamps = new Dictionary<string, int> { ["coffee"] = 7 },
            CouponsIssued = [Coupon],
            PendingUntil = At.AddDays(14),
            StampsEarned = new Dictionary<string, int> { ["coffee"] = 1 },
        }, typeof(AccrualResult)),
        ["answer-accrual-declined"] = (new AccrualResult(0, 0, [], SkewDecline), typeof(AccrualResult)),
        ["answer-refund"] = (new RefundResult(60, 20, 5, 1_400, null, true)
        {
            BonusPointsReversed = 10,
            StampsReversed = new Dictionary<string, int> { ["coffee"] = 1 },
            CouponsVoided = ["CPN-7Q2X"],
        }, typeof(RefundResult)),
        ["answer-redemption"] = (new RedemptionResult(400, 4m, 1_080, null, true) { DebtIncurred = 30 }, typeof(RedemptionResult)),
        ["answer-reward-claim"] = (new RewardClaimResult(Coupon, 500, 980, null, true), typeof(RewardClaimResult)),
        ["answer-adjustment"] = (new AdjustmentResult(-25, 955, null, true), typeof(AdjustmentResult)),
    };
}

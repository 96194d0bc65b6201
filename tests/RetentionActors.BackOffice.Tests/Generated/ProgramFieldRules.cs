using static RetentionActors.BackOffice.Tests.Generated.ValueRules;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>What the program settings take, field by field (<c>PUT /api/program</c>).</summary>
public static class ProgramFieldRules
{
    // ProgramRules (grains/RetentionActors.Domain) and the mechanics' checks, as their refusals state them.
    public static readonly IReadOnlyDictionary<string, ValueRule> All = new Dictionary<string, ValueRule>
    {
        ["currency"] = new("three-letter ISO 4217 code", Texts("", "EURO", "E", "E1R", "€€€", "EU R")),
        ["pointsPerCurrencyUnit"] = new("0 to 1000", Numbers("-1", "1000.01", "-0.5")),
        ["minimumSpend"] = new("not negative, not above the maximum purchase", Numbers("-1", "-0.01", "10001")),
        ["redemptionValuePerPoint"] = new("above 0, at most 1000", Numbers("0", "-1", "1000.01")),
        ["maximumPurchaseAmount"] = new("above 0, at most 100,000,000", Numbers("0", "-1", "100000000.01")),
        ["tierReviewMonths"] = Whole(1, 60),
        ["discountPercent"] = new("0 to 100", Numbers("-1", "100.5")),
        ["pointsExpiryMonths"] = Whole(0, 120),
        ["pendingDays"] = Whole(0, 365),
        ["couponValidityDays"] = Whole(1, 3650),
        ["maxTillClockSkewMinutes"] = Whole(1, 1440),
        ["liabilityValuePerPoint"] = new("0 to 1000, at most 6 decimal places", Numbers("-0.01", "1000.01", "0.0000001")),
        ["offlineRedemptionDailyLimit"] = new("0 to 1,000,000,000", Numbers("-1", "1000000001")),
        ["offlineAllowanceHours"] = Whole(1, 168),
        ["referrerBonus"] = new("not negative", Numbers("-1", $"{long.MinValue}")),
        ["friendBonus"] = new("not negative", Numbers("-1")),
        ["birthdayBonus"] = new("not negative", Numbers("-1")),
        ["maxPointsPerDay"] = new("not negative", Numbers("-1")),
        ["maxAccrualsPerCardPerHour"] = new("not negative", Numbers("-1")),
        ["adjustmentApprovalThreshold"] = new("not negative", Numbers("-1")),
        ["categoryMultipliers{}"] = new("0 to 100", Numbers("-1", "100.5")),
        ["tiers[].name"] = new("1 to 40 characters without surrounding spaces", Texts("", " Gold", "Gold ", new string('t', 41))),
        ["tiers[].minimumSpend"] = new("not negative", Numbers("-1")),
        ["tiers[].earnMultiplier"] = new("0 to 100", Numbers("-1", "100.5")),
        ["stampCards[].stampsNeeded"] = Whole(1, 1000),
        ["rewards[].pointsCost"] = new("at least one point", Numbers("0", "-1")),
        ["campaigns[].multiplier"] = new("1 to 100", Numbers("0.5", "100.5", "-1")),
        ["campaigns[].pointsBudget"] = new("positive", Numbers("-1")),
        ["campaigns[].bonusPoints"] = new("not negative", Numbers("-1")),
        ["campaigns[].threshold"] = new("not negative", Numbers("-1")),
        ["campaigns[].holdoutPercent"] = new("0 to 90", Numbers("-1", "91", "100")),
        ["campaigns[].ends"] = new("after it starts", Texts("2025-12-31T00:00:00Z")),
    };
}

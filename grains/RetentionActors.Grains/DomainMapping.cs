using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Liability;
using RetentionActors.Domain.Tiers;
using RetentionActors.Domain.Mechanics;
using ContractEntry = RetentionActors.Contracts.Ledger.LedgerEntry;
using ContractKind = RetentionActors.Contracts.Ledger.LedgerEntryKind;

namespace RetentionActors.Grains;

/// <summary>Translations between wire records and the domain's own types.</summary>
public static class DomainMapping
{
    /// <summary>The domain's rules for these settings; throws <see cref="InvalidRequestException"/> listing every problem.</summary>
    public static ProgramRules ToRules(this ProgramSettings settings)
    {
        if ((settings.CardNumberRanges ?? []).Any(r => r.Length is < 1 or > 18 || !r.All(char.IsAsciiDigit)))
        {
            throw new InvalidRequestException("Invalid program settings: card-number ranges are prefixes of 1 to 18 digits.", "Settings");
        }
        if (settings.LiabilityValuePerPoint is { } valuePerPoint && PointValuation.Problem(valuePerPoint) is { } problem)
        {
            throw new InvalidRequestException("Invalid program settings: " + problem, nameof(ProgramSettings.LiabilityValuePerPoint));
        }
        try
        {
            return ProgramRules.Create(settings.Currency, settings.PointsPerCurrencyUnit, settings.CategoryMultipliers ?? new Dictionary<string, decimal>(),
                    settings.MinimumSpend, settings.RedemptionValuePerPoint, settings.MaximumPurchaseAmount)
                .With([.. (settings.Tiers ?? []).Select(t => new Tier(t.Name, t.MinimumSpend, t.EarnMultiplier))],
                    settings.TierReviewMonths, settings.DiscountPercent, settings.PointsExpiryMonths)
                .With(settings.ToMechanics());
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException(e.Message, "Settings");
        }
    }

    /// <summary>
    /// Every problem <see cref="ToRules"/> would refuse these settings for, each with the field it concerns (a path into
    /// the settings' JSON), so that a form can show each one beside its field. Empty for settings it accepts.
    /// Takes settings whose parts are all present (<see cref="ProgramSettings.RequireComplete"/>).
    /// </summary>
    public static IReadOnlyList<ProgramProblem> Problems(this ProgramSettings settings)
    {
        var problems = new List<ProgramProblem>();
        if ((settings.CardNumberRanges ?? []).Any(r => r.Length is < 1 or > 18 || !r.All(char.IsAsciiDigit)))
        {
            problems.Add(new("cardNumberRanges", "Card-number ranges are prefixes of 1 to 18 digits."));
        }
        if (settings.LiabilityValuePerPoint is { } valuePerPoint && PointValuation.Problem(valuePerPoint) is { } valuation)
        {
            problems.Add(new("liabilityValuePerPoint", valuation));
        }
        problems.AddRange(ProgramRules.FieldProblems(settings.Currency, settings.PointsPerCurrencyUnit, settings.CategoryMultipliers,
            settings.MinimumSpend, settings.RedemptionValuePerPoint, settings.MaximumPurchaseAmount));
        problems.AddRange(ProgramRules.MechanicsFieldProblems([.. (settings.Tiers ?? []).Select(t => new Tier(t.Name, t.MinimumSpend, t.EarnMultiplier))],
            settings.TierReviewMonths, settings.DiscountPercent, settings.PointsExpiryMonths));
        // A kind the wire allows (JSON takes any number for an enum) but no rule knows: said at its field, and the
        // mechanics are not judged further, since they cannot be made from it.
        var unknownKinds = (settings.Campaigns ?? []).Select((campaign, i) => (campaign, i)).Where(x => !Enum.IsDefined(x.campaign.Kind)).ToList();
        problems.AddRange(unknownKinds.Select(x => new ProgramProblem($"campaigns[{x.i}].kind", UnknownCampaignKind)));
        var unknownCoupons = (settings.Rewards ?? []).Select((reward, i) => (reward, i)).Where(x => !Enum.IsDefined(x.reward.Kind)).ToList();
        problems.AddRange(unknownCoupons.Select(x => new ProgramProblem($"rewards[{x.i}].kind", UnknownCouponKind)));
        if (unknownKinds.Count == 0 && unknownCoupons.Count == 0)
        {
            problems.AddRange(settings.ToMechanics().FieldProblems());
        }
        return problems;
    }

    private static Mechanics ToMechanics(this ProgramSettings s) => new()
    {
        StampCards = [.. (s.StampCards ?? []).Select(c => new StampCardRule(c.Id, c.Name, c.Sku, c.Category, c.StampsNeeded, c.Reward))],
        Campaigns = [.. (s.Campaigns ?? []).Select(c => new CampaignRule(c.Id, c.Name, c.Kind.ToEffect(), c.Starts, c.Ends,
            c.Category, c.Multiplier, c.Threshold, c.BonusPoints, c.Gift, c.Kind == CampaignKind.Gift ? c.GiftStock : c.PointsBudget, c.MinimumTier)
            { HoldoutPercent = c.HoldoutPercent })],
        Rewards = [.. (s.Rewards ?? []).Select(r => new RewardRule(r.Id, r.Name, r.PointsCost, r.Kind.ToRewardCoupon(), r.Value))],
        ReferrerBonus = s.ReferrerBonus,
        FriendBonus = s.FriendBonus,
        ReferralMinimumPurchase = s.ReferralMinimumPurchase,
        BirthdayBonus = s.BirthdayBonus,
        PendingDays = s.PendingDays,
        MaxAccrualsPerCardPerHour = s.MaxAccrualsPerCardPerHour,
        MaxPointsPerDay = s.MaxPointsPerDay,
        AdjustmentApprovalThreshold = s.AdjustmentApprovalThreshold,
        CouponValidityDays = s.CouponValidityDays,
        MaxTillClockSkewMinutes = s.MaxTillClockSkewMinutes,
        OfflineRedemptionDailyLimit = s.OfflineRedemptionDailyLimit,
        OfflineAllowanceHours = s.OfflineAllowanceHours,
    };

    /// <summary>Every version of the program, for judging each sale by the rules of its time.</summary>
    public static ProgramHistory ToHistory(this IReadOnlyList<ProgramInfo> versions) =>
        new([.. versions.Select(v => (v.EffectiveFrom ?? DateTimeOffset.MinValue, v.Settings.ToRules()))]);

    public static DeclineReason ToDeclineReason(this Refusal refusal) => refusal switch
    {
        Refusal.InsufficientPoints => DeclineReason.InsufficientPoints,
        Refusal.UnknownReceipt => DeclineReason.UnknownReceipt,
        Refusal.RefundExceedsPurchase => DeclineReason.RefundExceedsPurchase,
        Refusal.AmbiguousReceipt => DeclineReason.AmbiguousReceipt,
        Refusal.AboveOfflineAllowance => DeclineReason.OfflineAllowanceRefused,
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Not a refusal."),
    };

    private const string UnknownCampaignKind = "A campaign's kind is a category multiplier (1), a spend bonus (2) or a gift (3).";

    private const string UnknownCouponKind = "A reward's coupon kind is a free item (1), a fixed discount (2) or a partner offer (3).";

    // Explicit, exhaustive mappings: a value added on one side and not the other fails here, at once and by name,
    // instead of travelling on as a number that means something else (or nothing) on the other side.
    public static CampaignEffect ToEffect(this CampaignKind kind) => kind switch
    {
        CampaignKind.CategoryMultiplier => CampaignEffect.CategoryMultiplier,
        CampaignKind.SpendBonus => CampaignEffect.SpendBonus,
        CampaignKind.Gift => CampaignEffect.Gift,
        _ => throw new InvalidRequestException($"Invalid program settings: {UnknownCampaignKind}", nameof(CampaignSettings.Kind)),
    };

    public static RewardCouponKind ToRewardCoupon(this CouponKind kind) => kind switch
    {
        CouponKind.FreeItem => RewardCouponKind.FreeItem,
        CouponKind.FixedDiscount => RewardCouponKind.FixedDiscount,
        CouponKind.PartnerOffer => RewardCouponKind.PartnerOffer,
        _ => throw new InvalidRequestException($"Invalid program settings: {UnknownCouponKind}", nameof(RewardSettings.Kind)),
    };

    public static CouponKind ToContract(this RewardCouponKind kind) => kind switch
    {
        RewardCouponKind.FreeItem => CouponKind.FreeItem,
        RewardCouponKind.FixedDiscount => CouponKind.FixedDiscount,
        RewardCouponKind.PartnerOffer => CouponKind.PartnerOffer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A reward coupon kind with no counterpart on the wire."),
    };

    public static ContractKind ToContract(this EntryKind kind) => kind switch
    {
        EntryKind.Purchase => ContractKind.Purchase,
        EntryKind.Redemption => ContractKind.Redemption,
        EntryKind.Refund => ContractKind.Refund,
        EntryKind.RedemptionReturn => ContractKind.RedemptionReturn,
        EntryKind.Adjustment => ContractKind.Adjustment,
        EntryKind.Expiry => ContractKind.Expiry,
        EntryKind.Bonus => ContractKind.Bonus,
        EntryKind.BonusReversal => ContractKind.BonusReversal,
        EntryKind.OfflineRedemption => ContractKind.OfflineRedemption,
        EntryKind.DebtRecovery => ContractKind.DebtRecovery,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A ledger entry kind with no counterpart on the wire."),
    };

    public static ContractEntry ToContract(this LedgerEntry e) => new(
        e.Seq, e.Kind.ToContract(), e.Points, e.Amount, e.BalanceAfter, e.IdempotencyKey, e.StoreId, e.TerminalId,
        e.ReceiptId, e.CardId, e.RefersTo, e.OccurredAt, e.RecordedAt, e.Reason, e.OperatorId)
    {
        BusinessDay = e.BusinessDay,
        ApprovedBy = e.ApprovedBy,
        Debt = e.Debt,
    };
}

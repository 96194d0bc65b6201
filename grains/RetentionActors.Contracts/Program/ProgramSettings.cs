namespace RetentionActors.Contracts.Program;

/// <summary>
/// The loyalty program's rules, changeable at run time. Points are whole: earned points are
/// rounded down. Mechanics beyond plain earning are body members, each off by default.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Program.ProgramSettings")]
public sealed record ProgramSettings(
    [property: Id(0)] string Currency,
    [property: Id(1)] decimal PointsPerCurrencyUnit,
    [property: Id(2)] IReadOnlyDictionary<string, decimal> CategoryMultipliers,
    [property: Id(3)] decimal MinimumSpend,
    [property: Id(4)] decimal RedemptionValuePerPoint,
    [property: Id(5)] decimal MaximumPurchaseAmount)
{
    /// <summary>Tiers by rolling 12-month spend, lowest first; the lowest starts at 0. Empty: no tiers.</summary>
    [Id(6)]
    public IReadOnlyList<TierSettings> Tiers { get; init; } = [];

    /// <summary>Months between tier reviews; a tier only goes down at a review. Default: 12.</summary>
    [Id(7)]
    public int TierReviewMonths { get; init; } = 12;

    /// <summary>Percent off every purchase that a discount card gives, told to the till with the accrual. Default: 0.</summary>
    [Id(8)]
    public decimal DiscountPercent { get; init; }

    /// <summary>Months after which earned points expire, oldest first. Default: 0, never.</summary>
    [Id(9)]
    public int PointsExpiryMonths { get; init; }

    /// <summary>Stamp cards ("buy 5, the 6th is free"). Default: none.</summary>
    [Id(10)]
    public IReadOnlyList<StampCardSettings> StampCards { get; init; } = [];

    /// <summary>The rewards catalogue: rewards a customer claims for points. Default: none.</summary>
    [Id(11)]
    public IReadOnlyList<RewardSettings> Rewards { get; init; } = [];

    /// <summary>Campaigns, each time-boxed with its own budget. Default: none.</summary>
    [Id(12)]
    public IReadOnlyList<CampaignSettings> Campaigns { get; init; } = [];

    /// <summary>Refer a friend: points for the referrer and for the friend at the friend's first purchase of at least <see cref="ReferralMinimumPurchase"/>. Default: 0, off.</summary>
    [Id(13)]
    public long ReferrerBonus { get; init; }

    [Id(14)]
    public long FriendBonus { get; init; }

    [Id(15)]
    public decimal ReferralMinimumPurchase { get; init; }

    /// <summary>Points given once a year in the week from the customer's birthday. Default: 0, off.</summary>
    [Id(16)]
    public long BirthdayBonus { get; init; }

    /// <summary>Days earned points stay pending (a return window) before they can be spent. Default: 0.</summary>
    [Id(17)]
    public int PendingDays { get; init; }

    /// <summary>Velocity limits, 0 for none: purchases per card per hour, points earned per customer per day.</summary>
    [Id(18)]
    public int MaxAccrualsPerCardPerHour { get; init; }

    [Id(19)]
    public long MaxPointsPerDay { get; init; }

    /// <summary>Manual adjustments moving more points than this need a second operator's approval. Default: 0, none.</summary>
    [Id(20)]
    public long AdjustmentApprovalThreshold { get; init; }

    /// <summary>Days an issued coupon stays valid. Default: 90.</summary>
    [Id(21)]
    public int CouponValidityDays { get; init; } = 90;

    /// <summary>
    /// Card-number prefixes the program issues on magstripe cards. Terminals refuse a Luhn-valid number
    /// with an expiry date outside these ranges as a bank card, before it leaves the reader. Default: none.
    /// </summary>
    [Id(22)]
    public IReadOnlyList<string> CardNumberRanges { get; init; } = [];

    /// <summary>
    /// How far a till's clock may be from the cluster's, in minutes, before its sales are declined with
    /// <see cref="DeclineReason.TillClockSkew"/> and kept at the till for correction; 1 to 1440. Default: 90 — a clock
    /// that drifts without time sync stays within minutes for weeks, and a till left an hour off (a missed
    /// daylight-saving change, the wrong zone by one) still sells; a clock set to the wrong day never does.
    /// </summary>
    [Id(23)]
    public int MaxTillClockSkewMinutes { get; init; } = 90;

    /// <summary>
    /// Points a card may redeem per day at one till while that till cannot reach the cluster, under an allowance the
    /// cluster signs when the till identifies the card online (at most the spendable balance then). Default: 0, off.
    /// </summary>
    [Id(24)]
    public long OfflineRedemptionDailyLimit { get; init; }

    /// <summary>
    /// How recently, in hours, the card must have been seen online for a till to let it redeem offline: an allowance
    /// expires this long after it was issued; 1 to 168. Default: 24.
    /// </summary>
    [Id(25)]
    public int OfflineAllowanceHours { get; init; } = 24;

    /// <summary>
    /// What one outstanding point is worth in the books, in <see cref="Currency"/>: the points liability is the outstanding
    /// points times this. Not negative, at most 1000, at most 6 decimal places. Default: null, the
    /// <see cref="RedemptionValuePerPoint"/>.
    /// </summary>
    [Id(26)]
    public decimal? LiabilityValuePerPoint { get; init; }

    /// <summary>
    /// Refuses settings with a part sent as null — a required value, a list, or an entry of a list — naming it: null is
    /// missing, never "none" (an empty list says none).
    /// </summary>
    public void RequireComplete()
    {
        var missing = new List<string>();
        void Check(object? value, string name)
        {
            if (value is null)
            {
                missing.Add(name);
            }
        }
        Check(Currency, nameof(Currency));
        Check(CategoryMultipliers, nameof(CategoryMultipliers));
        Check(Tiers, nameof(Tiers));
        Check(StampCards, nameof(StampCards));
        Check(Rewards, nameof(Rewards));
        Check(Campaigns, nameof(Campaigns));
        Check(CardNumberRanges, nameof(CardNumberRanges));
        void Entries<T>(IReadOnlyList<T>? list, string name)
        {
            if (list?.Any(e => e is null) == true)
            {
                missing.Add($"an entry of {name}");
            }
        }
        Entries(Tiers, nameof(Tiers));
        Entries(StampCards, nameof(StampCards));
        Entries(Rewards, nameof(Rewards));
        Entries(Campaigns, nameof(Campaigns));
        Entries(CardNumberRanges, nameof(CardNumberRanges));
        if (missing.Count > 0)
        {
            throw new InvalidRequestException($"Invalid program settings: {string.Join(", ", missing)} must not be null.", "Settings");
        }
    }

    /// <summary>What a new installation starts with: 1 point per EUR, 1 cent per point, purchases up to 10,000.</summary>
    public static ProgramSettings Default { get; } = new("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.01m, 10_000m);

    // Records compare collections by reference; settings are equal when their contents are.
    public bool Equals(ProgramSettings? other) =>
        other is not null
        && (Currency, PointsPerCurrencyUnit, MinimumSpend, RedemptionValuePerPoint, MaximumPurchaseAmount, TierReviewMonths, DiscountPercent, PointsExpiryMonths)
            == (other.Currency, other.PointsPerCurrencyUnit, other.MinimumSpend, other.RedemptionValuePerPoint, other.MaximumPurchaseAmount,
                other.TierReviewMonths, other.DiscountPercent, other.PointsExpiryMonths)
        && CategoryMultipliers.Count == other.CategoryMultipliers.Count
        && CategoryMultipliers.All(m => other.CategoryMultipliers.TryGetValue(m.Key, out var x) && x == m.Value)
        && Tiers.SequenceEqual(other.Tiers) && StampCards.SequenceEqual(other.StampCards) && Rewards.SequenceEqual(other.Rewards)
        && Campaigns.SequenceEqual(other.Campaigns) && CardNumberRanges.SequenceEqual(other.CardNumberRanges)
        && (ReferrerBonus, FriendBonus, ReferralMinimumPurchase, BirthdayBonus, PendingDays, MaxAccrualsPerCardPerHour, MaxPointsPerDay, AdjustmentApprovalThreshold, CouponValidityDays)
            == (other.ReferrerBonus, other.FriendBonus, other.ReferralMinimumPurchase, other.BirthdayBonus, other.PendingDays,
                other.MaxAccrualsPerCardPerHour, other.MaxPointsPerDay, other.AdjustmentApprovalThreshold, other.CouponValidityDays)
        && MaxTillClockSkewMinutes == other.MaxTillClockSkewMinutes
        && (OfflineRedemptionDailyLimit, OfflineAllowanceHours) == (other.OfflineRedemptionDailyLimit, other.OfflineAllowanceHours)
        && LiabilityValuePerPoint == other.LiabilityValuePerPoint;

    public override int GetHashCode() => HashCode.Combine(Currency, PointsPerCurrencyUnit, MinimumSpend, CategoryMultipliers.Count, Tiers.Count);
}

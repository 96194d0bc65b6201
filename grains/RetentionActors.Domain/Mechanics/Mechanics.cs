namespace RetentionActors.Domain.Mechanics;

/// <summary>A catalogue reward priced in points.</summary>
public sealed record RewardRule(string Id, string Name, long PointsCost, int CouponKind, decimal Value);

/// <summary>The program's mechanics beyond earning and tiers; each is off at its default.</summary>
public sealed record Mechanics
{
    public static readonly Mechanics None = new();

    public IReadOnlyList<StampCardRule> StampCards { get; init; } = [];
    public IReadOnlyList<CampaignRule> Campaigns { get; init; } = [];
    public IReadOnlyList<RewardRule> Rewards { get; init; } = [];
    public long ReferrerBonus { get; init; }
    public long FriendBonus { get; init; }
    public decimal ReferralMinimumPurchase { get; init; }
    public long BirthdayBonus { get; init; }
    public int PendingDays { get; init; }
    public int MaxAccrualsPerCardPerHour { get; init; }
    public long MaxPointsPerDay { get; init; }
    public long AdjustmentApprovalThreshold { get; init; }
    public int CouponValidityDays { get; init; } = 90;

    /// <summary>How far a till's clock may be from the cluster's before its sales are declined (<see cref="Clocks.TillClock"/>).</summary>
    public int MaxTillClockSkewMinutes { get; init; } = Clocks.TillClock.DefaultMaxSkewMinutes;

    public TimeSpan MaxTillClockSkew => TimeSpan.FromMinutes(MaxTillClockSkewMinutes);

    /// <summary>Points a card may redeem per day at one till while it is offline; 0: no offline redemption.</summary>
    public long OfflineRedemptionDailyLimit { get; init; }

    /// <summary>How long an offline allowance is valid after the card was seen online, in hours (1 to <see cref="MostOfflineAllowanceHours"/>).</summary>
    public int OfflineAllowanceHours { get; init; } = 24;

    public const int MostOfflineAllowanceHours = 168;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var card in StampCards)
        {
            if (card.StampsNeeded is < 1 or > 1000 || (card.Sku is null && card.Category is null) || string.IsNullOrWhiteSpace(card.Id))
            {
                problems.Add($"Stamp card '{card.Id}' needs an id, a sku or category, and 1 to 1000 stamps.");
            }
        }
        foreach (var campaign in Campaigns)
        {
            if (campaign.Ends <= campaign.Starts)
            {
                problems.Add($"Campaign '{campaign.Id}' ends before it starts.");
            }
            if (campaign.Budget <= 0 || campaign.Threshold < 0 || campaign.BonusPoints < 0 || campaign.Multiplier is < 1m or > 100m)
            {
                problems.Add($"Campaign '{campaign.Id}' needs a positive budget or stock, no negative threshold or bonus, and a multiplier of 1 to 100.");
            }
            if (!Uplift.Holdout.IsValidPercent(campaign.HoldoutPercent))
            {
                problems.Add($"Campaign '{campaign.Id}' holds out {campaign.HoldoutPercent} % of its customers; a holdout is 0 to {Uplift.Holdout.MostPercent} %.");
            }
            if (campaign.Effect == CampaignEffect.CategoryMultiplier && string.IsNullOrWhiteSpace(campaign.Category))
            {
                problems.Add($"Campaign '{campaign.Id}' multiplies a category but names none.");
            }
        }
        if (Rewards.Any(r => r.PointsCost <= 0))
        {
            problems.Add("Every reward costs at least one point.");
        }
        if (Ids(StampCards.Select(s => s.Id)) || Ids(Campaigns.Select(c => c.Id)) || Ids(Rewards.Select(r => r.Id)))
        {
            problems.Add("Stamp card, campaign and reward ids must each be unique.");
        }
        if (new[] { ReferrerBonus, FriendBonus, BirthdayBonus, MaxPointsPerDay, AdjustmentApprovalThreshold }.Any(v => v < 0)
            || ReferralMinimumPurchase < 0 || PendingDays is < 0 or > 365 || MaxAccrualsPerCardPerHour < 0 || CouponValidityDays is < 1 or > 3650)
        {
            problems.Add("Bonuses, limits and thresholds cannot be negative; pending days are 0 to 365; coupons are valid 1 to 3650 days.");
        }
        if (MaxTillClockSkewMinutes is < 1 or > Clocks.TillClock.MostSkewMinutes)
        {
            problems.Add($"The allowed till clock skew is 1 to {Clocks.TillClock.MostSkewMinutes} minutes, not {MaxTillClockSkewMinutes}.");
        }
        if (OfflineRedemptionDailyLimit is < 0 or > 1_000_000_000 || OfflineAllowanceHours is < 1 or > MostOfflineAllowanceHours)
        {
            problems.Add($"The offline redemption daily limit is 0 (off) to 1,000,000,000 points and an offline allowance is valid 1 to {MostOfflineAllowanceHours} hours, not {OfflineRedemptionDailyLimit} points for {OfflineAllowanceHours} hours.");
        }
        return problems;
    }

    private static bool Ids(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        return list.Distinct(StringComparer.OrdinalIgnoreCase).Count() != list.Count;
    }
}

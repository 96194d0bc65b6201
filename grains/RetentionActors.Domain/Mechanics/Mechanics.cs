namespace RetentionActors.Domain.Mechanics;

/// <summary>A catalogue reward priced in points.</summary>
public sealed record RewardRule(string Id, string Name, long PointsCost, RewardCouponKind CouponKind, decimal Value);

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

    /// <summary>Until when a purchase at <paramref name="at"/> is pending (its points not spendable); null when nothing is.</summary>
    public DateTimeOffset? PendingUntil(DateTimeOffset at) => PendingDays > 0 ? at.AddDays(PendingDays) : null;
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

    public IReadOnlyList<string> Problems() => ProgramProblem.Messages(FieldProblems());

    /// <summary>Every problem with the field it concerns; a rule broken by several fields is listed at each of them.</summary>
    public IReadOnlyList<ProgramProblem> FieldProblems()
    {
        var problems = new List<ProgramProblem>();
        foreach (var (card, i) in StampCards.Select((c, i) => (c, i)))
        {
            var field = card.StampsNeeded is < 1 or > 1000 ? "stampsNeeded" : card.Sku is null && card.Category is null ? "sku" : "id";
            if (card.StampsNeeded is < 1 or > 1000 || (card.Sku is null && card.Category is null) || string.IsNullOrWhiteSpace(card.Id))
            {
                problems.Add(new($"stampCards[{i}].{field}", $"Stamp card '{card.Id}' needs an id, a sku or category, and 1 to 1000 stamps."));
            }
        }
        foreach (var (campaign, i) in Campaigns.Select((c, i) => (c, i)))
        {
            problems.AddRange(CampaignProblems(campaign).Select(p => p with { Path = $"campaigns[{i}].{p.Path}" }));
        }
        problems.AddRange(Rewards.Select((r, i) => (r, i)).Where(x => x.r.PointsCost <= 0)
            .Select(x => new ProgramProblem($"rewards[{x.i}].pointsCost", "Every reward costs at least one point.")));
        const string unique = "Stamp card, campaign and reward ids must each be unique.";
        problems.AddRange(ProgramRules.Repeats(StampCards.Select(s => s.Id), StringComparer.OrdinalIgnoreCase).Select(i => new ProgramProblem($"stampCards[{i}].id", unique)));
        problems.AddRange(ProgramRules.Repeats(Campaigns.Select(c => c.Id), StringComparer.OrdinalIgnoreCase).Select(i => new ProgramProblem($"campaigns[{i}].id", unique)));
        problems.AddRange(ProgramRules.Repeats(Rewards.Select(r => r.Id), StringComparer.OrdinalIgnoreCase).Select(i => new ProgramProblem($"rewards[{i}].id", unique)));

        const string limits = "Bonuses, limits and thresholds cannot be negative; pending days are 0 to 365; coupons are valid 1 to 3650 days.";
        var broken = new (string Field, bool Broken)[]
        {
            ("referrerBonus", ReferrerBonus < 0), ("friendBonus", FriendBonus < 0), ("birthdayBonus", BirthdayBonus < 0),
            ("maxPointsPerDay", MaxPointsPerDay < 0), ("adjustmentApprovalThreshold", AdjustmentApprovalThreshold < 0),
            ("referralMinimumPurchase", ReferralMinimumPurchase < 0), ("pendingDays", PendingDays is < 0 or > 365),
            ("maxAccrualsPerCardPerHour", MaxAccrualsPerCardPerHour < 0), ("couponValidityDays", CouponValidityDays is < 1 or > 3650),
        };
        problems.AddRange(broken.Where(b => b.Broken).Select(b => new ProgramProblem(b.Field, limits)));
        if (MaxTillClockSkewMinutes is < 1 or > Clocks.TillClock.MostSkewMinutes)
        {
            problems.Add(new("maxTillClockSkewMinutes", $"The allowed till clock skew is 1 to {Clocks.TillClock.MostSkewMinutes} minutes, not {MaxTillClockSkewMinutes}."));
        }
        var offline = $"The offline redemption daily limit is 0 (off) to 1,000,000,000 points and an offline allowance is valid 1 to {MostOfflineAllowanceHours} hours, not {OfflineRedemptionDailyLimit} points for {OfflineAllowanceHours} hours.";
        if (OfflineRedemptionDailyLimit is < 0 or > 1_000_000_000)
        {
            problems.Add(new("offlineRedemptionDailyLimit", offline));
        }
        if (OfflineAllowanceHours is < 1 or > MostOfflineAllowanceHours)
        {
            problems.Add(new("offlineAllowanceHours", offline));
        }
        return problems;
    }

    /// <summary>One campaign's problems, with paths relative to the campaign.</summary>
    private static IEnumerable<ProgramProblem> CampaignProblems(CampaignRule campaign)
    {
        if (campaign.Ends <= campaign.Starts)
        {
            yield return new("ends", $"Campaign '{campaign.Id}' ends before it starts.");
        }
        var terms = $"Campaign '{campaign.Id}' needs a positive budget or stock, no negative threshold or bonus, and a multiplier of 1 to 100.";
        if (campaign.Budget <= 0)
        {
            yield return new(campaign.Effect == CampaignEffect.Gift ? "giftStock" : "pointsBudget", terms);
        }
        if (campaign.Threshold < 0)
        {
            yield return new("threshold", terms);
        }
        if (campaign.BonusPoints < 0)
        {
            yield return new("bonusPoints", terms);
        }
        if (campaign.Multiplier is < 1m or > 100m)
        {
            yield return new("multiplier", terms);
        }
        if (!Uplift.Holdout.IsValidPercent(campaign.HoldoutPercent))
        {
            yield return new("holdoutPercent", $"Campaign '{campaign.Id}' holds out {campaign.HoldoutPercent} % of its customers; a holdout is 0 to {Uplift.Holdout.MostPercent} %.");
        }
        if (campaign.Effect == CampaignEffect.CategoryMultiplier && string.IsNullOrWhiteSpace(campaign.Category))
        {
            yield return new("category", $"Campaign '{campaign.Id}' multiplies a category but names none.");
        }
    }
}

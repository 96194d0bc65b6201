using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Domain.Purchases;

/// <summary>
/// What an accepted purchase earns before the campaigns' budgets answer: its points and tier, its stamps, the coupons
/// its stamp cards give, the campaigns to ask and the holdout draws it made. <see cref="Complete"/> adds the grants.
/// </summary>
public sealed record PurchasePlan(PointsAccount Account, PurchaseFacts Purchase, DateTimeOffset Now)
{
    public required long Points { get; init; }
    public required TierStanding? Tier { get; init; }
    public required bool TierUpgraded { get; init; }

    /// <summary>Stamps held on every card after the purchase.</summary>
    public required IReadOnlyDictionary<string, int> Stamps { get; init; }

    /// <summary>Stamps the purchase earned, by card (cards it earned none on are left out); a return takes its share back.</summary>
    public required IReadOnlyDictionary<string, int> StampsEarned { get; init; }

    public required IReadOnlyList<CouponAsk> StampCoupons { get; init; }
    public required IReadOnlyList<CampaignAsk> CampaignAsks { get; init; }
    public required IReadOnlyDictionary<string, bool> CampaignGroups { get; init; }
    public required IReadOnlyList<HoldoutDraw> HoldoutDraws { get; init; }

    /// <summary>This purchase completes a referral: the friend's half is booked with it (when the program gives one).</summary>
    public required bool FriendBonus { get; init; }
    public required long FriendBonusPoints { get; init; }

    /// <summary>
    /// The outcome once each campaign in <see cref="CampaignAsks"/> has granted (in the same order) what its budget allows:
    /// a campaign that grants nothing is left out; a gift becomes a coupon, points a bonus entry after the purchase's.
    /// </summary>
    public PurchaseOutcome Complete(IReadOnlyList<long> granted)
    {
        if (granted.Count != CampaignAsks.Count)
        {
            throw new ArgumentException($"{CampaignAsks.Count} campaigns were asked and {granted.Count} answered.", nameof(granted));
        }
        var bonuses = new List<(string Reason, long Points)>();
        var campaigns = new List<string>();
        var coupons = new List<CouponAsk>(StampCoupons);
        foreach (var (ask, points) in CampaignAsks.Zip(granted).Where(x => x.Second > 0))
        {
            var campaign = ask.Campaign;
            campaigns.Add(campaign.Name);
            if (ask.AllOrNothing)
            {
                coupons.Add(new CouponAsk($"{Purchase.Receipt}/gift/{campaign.Id}", campaign.Gift ?? campaign.Name, CampaignGift.Source(campaign.Id)));
            }
            else
            {
                bonuses.Add((CampaignBonusReason.For(campaign.Id), points));
            }
        }
        if (FriendBonus && FriendBonusPoints > 0)
        {
            bonuses.Add((Referral.FriendBonusReason, FriendBonusPoints));
        }
        var entries = Account.Earn(Purchase.Till, Purchase.Amount, Points, Now, bonuses).Entries;
        return new PurchaseOutcome(this, entries, bonuses, campaigns, coupons);
    }
}

namespace RetentionActors.Domain.Preview;

/// <summary>
/// What a sample purchase would earn: <see cref="Points"/> from the earning rules and the tier, plus what each
/// running campaign would give while its budget or stock lasts, stamps and the till discount. <see cref="Declined"/>
/// says why the engine would earn nothing at all (too large a purchase, a daily limit), with the other figures zero.
/// </summary>
public sealed record PurchaseEstimate(
    long Points,
    string? Tier,
    decimal TierMultiplier,
    IReadOnlyList<CampaignEstimate> Campaigns,
    IReadOnlyDictionary<string, int> StampsEarned,
    decimal DiscountAmount,
    DateTimeOffset? PendingUntil,
    string? Declined)
{
    /// <summary>Points from the earning rules and the campaigns' bonuses together.</summary>
    public long TotalPoints => Points + Campaigns.Sum(c => c.Points);
}

/// <summary>A running campaign the sample qualifies for: bonus points, or a gift.</summary>
public sealed record CampaignEstimate(string Id, string Name, long Points, string? Gift);

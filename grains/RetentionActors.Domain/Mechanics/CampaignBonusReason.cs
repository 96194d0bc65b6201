namespace RetentionActors.Domain.Mechanics;

/// <summary>The reason a campaign's bonus entries carry (<c>campaign-{id}</c>): a refund takes these back, and gives the campaign its budget back.</summary>
public static class CampaignBonusReason
{
    private const string Prefix = "campaign-";

    public static string For(string campaignId) => Prefix + campaignId;

    /// <summary>The campaign a bonus reason names, or null for other bonuses (referral, birthday).</summary>
    public static string? CampaignOf(string? reason) =>
        reason is not null && reason.StartsWith(Prefix, StringComparison.Ordinal) && reason.Length > Prefix.Length ? reason[Prefix.Length..] : null;
}

namespace RetentionActors.Domain.Purchases;

/// <summary>
/// A free-item coupon a purchase gives (a completed stamp card, a campaign's gift): <see cref="Scope"/> makes its code
/// the same on every retry, <see cref="Source"/> says where it came from.
/// </summary>
public sealed record CouponAsk(string Scope, string Description, string Source);

/// <summary>The source a campaign's gift coupon carries (<c>campaign {id}</c>): a full return voids the gift and gives the campaign its stock back.</summary>
public static class CampaignGift
{
    private const string Prefix = "campaign ";

    public static string Source(string campaignId) => Prefix + campaignId;

    /// <summary>The campaign a coupon source names, or null for other coupons (stamp cards, rewards).</summary>
    public static string? CampaignOf(string source) =>
        source.StartsWith(Prefix, StringComparison.Ordinal) ? source[Prefix.Length..] : null;
}

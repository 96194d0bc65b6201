namespace RetentionActors.Storage.BackOffice;

/// <summary>Coupons counted by the campaign that gave them, in the database however many coupons there are.</summary>
public interface ICampaignCoupons
{
    /// <summary>
    /// The counts of every campaign that gave a coupon, or of <paramref name="campaignId"/> only; a campaign that gave none
    /// is not listed.
    /// </summary>
    Task<IReadOnlyList<CampaignCoupons>> CountAsync(string? campaignId, CancellationToken cancellationToken);
}

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// The coupons a campaign gave (its gifts, each a free-item coupon): how many were issued, redeemed at a till, and voided
/// because the purchase that earned them was returned.
/// </summary>
public sealed record CampaignCoupons(string CampaignId, long Issued, long Redeemed, long Voided);

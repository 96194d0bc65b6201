using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Program;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Reports;

/// <summary>
/// A campaign as its pages show it: its terms, its budget or gift stock used (the campaign grain's count, net of returns),
/// and the coupons it gave (gift campaigns): issued, redeemed at a till, voided by a return. Campaigns of points give no coupons.
/// </summary>
public sealed record CampaignResults(
    CampaignSettings Terms, long Given, long Remaining, bool Open, long Returned,
    long CouponsIssued, long CouponsRedeemed, long CouponsVoided)
{
    public static CampaignResults Of(CampaignStatus status, CampaignCoupons? coupons) => new(
        status.Terms, status.Given, status.Remaining, status.Open, status.Returned,
        coupons?.Issued ?? 0, coupons?.Redeemed ?? 0, coupons?.Voided ?? 0);
}

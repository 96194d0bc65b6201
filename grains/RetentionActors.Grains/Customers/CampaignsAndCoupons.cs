using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Purchases;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// The customer's calls to campaign and coupon grains, made before the customer's own commit and idempotent, so a retried
/// operation repeats them harmlessly: budgets asked for and given back, coupons issued and voided.
/// </summary>
internal sealed class CampaignsAndCoupons(ActiveCustomer customer)
{
    /// <summary>Asks each campaign for what the purchase wants of its budget, in order; the campaign grants a retried ask once.</summary>
    public async Task<IReadOnlyList<long>> ReserveAsync(IReadOnlyList<CampaignAsk> asks)
    {
        var granted = new List<long>(asks.Count);
        foreach (var ask in asks)
        {
            granted.Add(await customer.Grains.GetGrain<ICampaignGrain>(ask.Campaign.Id).ReserveAsync(ask.Reference, ask.Wanted, ask.Campaign.Budget, ask.AllOrNothing));
        }
        return granted;
    }

    /// <summary>Issues a purchase's free-item coupons (idempotently: the code follows the scope) before the purchase commits.</summary>
    public async Task<IReadOnlyList<CouponInfo>> IssueAsync(IReadOnlyList<CouponAsk> asks, ProgramRules rules, DateTimeOffset issuedAt)
    {
        var coupons = asks.Select(c => NewCoupon(c.Scope, CouponKind.FreeItem, c.Description, 0m, c.Source, rules, issuedAt)).ToList();
        foreach (var coupon in coupons)
        {
            await IssueAsync(coupon);
        }
        return coupons;
    }

    public CouponInfo NewCoupon(string scope, CouponKind kind, string description, decimal value, string source, ProgramRules rules, DateTimeOffset issuedAt) =>
        new(customer.CouponCodes.For(customer.Id, scope), kind, description, value, customer.Id, source, issuedAt, issuedAt.AddDays(rules.Mechanics.CouponValidityDays));

    public async Task IssueAsync(CouponInfo coupon)
    {
        var issued = await customer.Grains.GetGrain<ICouponGrain>(coupon.Code).IssueAsync(coupon);
        if (!issued.IsAccepted)
        {
            throw new InvalidOperationException($"Coupon {coupon.Code} could not be issued: {issued.Declined!.Message}");
        }
    }

    /// <summary>
    /// Voids the purchase's unused gift coupons and gives each campaign its gift back. A used gift stays used
    /// and its stock stays given. Done before the refund commits, and idempotent, so a retried refund repeats it harmlessly.
    /// </summary>
    public async Task<IReadOnlyList<string>> VoidGiftsAsync(string refundKey, AccrualResult? sale)
    {
        var voided = new List<string>();
        foreach (var gift in sale?.CouponsIssued ?? [])
        {
            if (CampaignGift.CampaignOf(gift.Source) is not { } campaignId)
            {
                continue;
            }
            var result = await customer.Grains.GetGrain<ICouponGrain>(gift.Code).VoidAsync();
            if (!result.IsAccepted)
            {
                CustomerLog.LogGiftKept(customer.Logger, customer.Id, gift.Code, result.Declined!.Message);
                continue;
            }
            voided.Add(gift.Code);
            await customer.Grains.GetGrain<ICampaignGrain>(campaignId).ReleaseAsync($"{customer.Id}/{refundKey}", 1);
        }
        return voided;
    }

    /// <summary>Gives each campaign back the bonus points this refund takes back, once per refund.</summary>
    public async Task ReleaseBonusBudgetsAsync(string refundKey, IReadOnlyList<Domain.Ledger.LedgerEntry> entries)
    {
        foreach (var reversal in entries.Where(e => e.Kind == EntryKind.BonusReversal))
        {
            if (CampaignBonusReason.CampaignOf(reversal.Reason) is { } campaignId)
            {
                await customer.Grains.GetGrain<ICampaignGrain>(campaignId).ReleaseAsync($"{customer.Id}/{refundKey}", -reversal.Points);
            }
        }
    }
}

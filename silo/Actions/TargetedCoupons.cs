using System.Security.Claims;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Domain.Uplift;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Coupons;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Uplift;

namespace RetentionActors.Silo.Actions;

/// <summary>
/// A coupon for each customer a targeted action selects (win-back, an RFM segment), with its holdout: every eligible
/// customer is recorded once, treated or held out, before anything is issued; held-out customers get nothing.
/// </summary>
public sealed class TargetedCoupons(IGrainFactory grains, CouponCodes codes, SqlHoldouts holdouts, AuditLog audit, TimeProvider clock)
{
    /// <param name="Kind">The kind of action (<c>winback</c>, <c>segment</c>); with the campaign it names the action, the coupons' source and their codes.</param>
    public sealed record Offer(string Kind, string Campaign, string AuditAction, decimal Value, int ValidDays, string Description, int HoldoutPercent)
    {
        /// <summary>The action the groups are recorded under (<c>winback:&lt;campaign&gt;</c>, <c>segment:&lt;campaign&gt;</c>).</summary>
        public string Action => $"{Kind}:{Campaign}";

        /// <summary>What the coupon code derives from with the customer: the same customer and campaign give the same coupon.</summary>
        public string CodeScope => $"{Kind}/{Campaign}";
    }

    public async Task<WinBackApi.IssuedCoupon> IssueAsync(Offer offer, string customerId, ClaimsPrincipal user, Func<CouponInfo, Task>? onIssued = null)
    {
        var code = codes.For(customerId, offer.CodeScope);
        var coupon = grains.GetGrain<ICouponGrain>(code);
        if (await coupon.GetAsync() is { } existing)
        {
            // Also completes an earlier issue that stopped before its rows were written; a coupon only goes to the treated.
            await holdouts.AssignAsync(customerId, new HoldoutAssignment(offer.Action, HeldOut: false, existing.IssuedAt));
            await holdouts.RecordGrantedAsync(offer.Action, customerId, existing.Value);
            await (onIssued?.Invoke(existing) ?? Task.CompletedTask);
            return new WinBackApi.IssuedCoupon(customerId, existing.Code, "already issued");
        }
        if (await grains.GetGrain<Contracts.Customers.ICustomerSummaryGrain>(customerId).GetAsync() is null)
        {
            return new WinBackApi.IssuedCoupon(customerId, "", "unknown customer");
        }
        var now = clock.GetUtcNow();
        var group = await holdouts.AssignAsync(customerId,
            new HoldoutAssignment(offer.Action, Holdout.IsHeldOut(offer.Action, customerId, offer.HoldoutPercent), now));
        if (group.HeldOut)
        {
            return new WinBackApi.IssuedCoupon(customerId, "", "held out");
        }
        // The coupon grain's write carries the audit row.
        var intent = audit.Intend(offer.AuditAction, customerId, $"campaign {offer.Campaign}, coupon {code}, value {offer.Value}");
        CouponResult result;
        var info = new CouponInfo(code, CouponKind.FixedDiscount, offer.Description, offer.Value, customerId, offer.Action, now, now.AddDays(offer.ValidDays));
        using (AuditContext.Begin(intent))
        {
            result = await coupon.IssueAsync(info);
        }
        if (result.Declined is { } declined)
        {
            await audit.RecordAsync(user, intent, $"declined: {declined.Reason}");
            return new WinBackApi.IssuedCoupon(customerId, code, declined.Reason.ToString());
        }
        await holdouts.RecordGrantedAsync(offer.Action, customerId, offer.Value);
        await (onIssued?.Invoke(info) ?? Task.CompletedTask);
        return new WinBackApi.IssuedCoupon(customerId, code, "issued");
    }
}

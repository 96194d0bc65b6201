using RetentionActors.Domain.Ledger;
using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Grains.Events;

namespace RetentionActors.Grains.Coupons;

/// <summary>
/// A single-use coupon. Not reentrant, so when two tills redeem the same code at once the second
/// sees the first one's redemption, which is durable before either hears an answer.
/// </summary>
[GrainType("coupon")]
public sealed class CouponGrain(
    [PersistentState("coupon", StorageNames.Loyalty)] IPersistentState<CouponState> state,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider clock) : Grain, ICouponGrain
{
    private string Code => this.GetPrimaryKeyString();

    async Task<CouponResult> ICouponGrain.IssueAsync(CouponInfo coupon)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        Require.Id(Code, "Code");
        Require.Text(coupon.Description, nameof(coupon.Description), 200);
        if (coupon.Code != Code || coupon.ExpiresAt <= coupon.IssuedAt || coupon.Value < 0)
        {
            throw new InvalidRequestException("A coupon needs its own code, an expiry after its issue, and no negative value.", nameof(coupon));
        }
        if (state.State.Coupon is { } existing)
        {
            return existing with { RedeemedAt = null, RedeemedReceipt = null } == coupon
                ? new CouponResult(existing, null)
                : new CouponResult(existing, new Decline(DeclineReason.CouponUsed, $"Coupon {Code} was already issued."));
        }
        await WriteAsync(coupon);
        return new CouponResult(coupon, null);
    }

    Task<CouponInfo?> ICouponGrain.GetAsync() => Task.FromResult(state.State.Coupon);

    async Task<CouponResult> ICouponGrain.RedeemAsync(CouponUse use, string? customerId)
    {
        ArgumentNullException.ThrowIfNull(use);
        use.Validate();
        var receipt = EntryKeys.Receipt(use.StoreId, use.TerminalId, use.BusinessDay, use.ReceiptId);
        if (state.State.Coupon is not { } coupon)
        {
            return new CouponResult(null, new Decline(DeclineReason.UnknownCoupon, $"No coupon {Code} was issued."));
        }
        if (coupon.RedeemedAt is not null)
        {
            return coupon.RedeemedReceipt == receipt
                ? new CouponResult(coupon, null)
                : new CouponResult(coupon, new Decline(DeclineReason.CouponUsed, $"Coupon {Code} was used on {coupon.RedeemedAt:yyyy-MM-dd HH:mm} ({coupon.RedeemedReceipt})."));
        }
        if (coupon.VoidedAt is { } voided)
        {
            return new CouponResult(coupon, new Decline(DeclineReason.CouponVoided, $"Coupon {Code} was voided on {voided:yyyy-MM-dd}: the purchase that earned it was returned."));
        }
        if (clock.GetUtcNow() >= coupon.ExpiresAt)
        {
            return new CouponResult(coupon, new Decline(DeclineReason.CouponExpired, $"Coupon {Code} expired on {coupon.ExpiresAt:yyyy-MM-dd}."));
        }
        // A customer's coupon is used only with that customer's card (the card grain passes its customer).
        if (coupon.CustomerId is not null && coupon.CustomerId != customerId)
        {
            return new CouponResult(coupon, new Decline(DeclineReason.CouponNotYours, $"Coupon {Code} belongs to another customer."));
        }
        var redeemed = coupon with { RedeemedAt = clock.GetUtcNow(), RedeemedReceipt = receipt };
        await WriteAsync(redeemed);
        return new CouponResult(redeemed, null);
    }

    async Task<CouponResult> ICouponGrain.VoidAsync()
    {
        if (state.State.Coupon is not { } coupon)
        {
            return new CouponResult(null, new Decline(DeclineReason.UnknownCoupon, $"No coupon {Code} was issued."));
        }
        if (coupon.RedeemedAt is not null)
        {
            return new CouponResult(coupon, new Decline(DeclineReason.CouponUsed, $"Coupon {Code} was already used ({coupon.RedeemedReceipt}); it stays used."));
        }
        if (coupon.VoidedAt is null)
        {
            coupon = coupon with { VoidedAt = clock.GetUtcNow() };
            await WriteAsync(coupon);
        }
        return new CouponResult(coupon, null);
    }

    private async Task WriteAsync(CouponInfo coupon)
    {
        var previous = state.State.Coupon;
        state.State.Coupon = coupon;
        try
        {
            using (PendingEvents.Attach(ChangeEvent(coupon)))
            {
                await state.WriteStateAsync();
            }
        }
        catch
        {
            state.State.Coupon = previous;
            DeactivateOnIdle();
            throw;
        }
    }

    // Each write of a coupon is one of these three changes, told apart by what it sets.
    private OutboxEvent ChangeEvent(CouponInfo coupon)
    {
        var (type, at) = coupon switch
        {
            { RedeemedAt: { } redeemed } => (EventTypes.CouponRedeemed, redeemed),
            { VoidedAt: { } voided } => (EventTypes.CouponVoided, voided),
            _ => (EventTypes.CouponIssued, clock.GetUtcNow()),
        };
        return OutboxEvent.Create(type, coupon.CustomerId, at,
            new EventPayloads.CouponV1(Code, coupon.Kind.ToString(), coupon.Value, coupon.ExpiresAt, coupon.RedeemedReceipt));
    }
}

public sealed class CouponState
{
    public CouponInfo? Coupon { get; set; }
}

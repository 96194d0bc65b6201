namespace RetentionActors.Contracts.Coupons;

/// <summary>One coupon, keyed by its code. It is redeemed once, even when two tills try the same code at once.</summary>
[Alias("RetentionActors.Contracts.Coupons.ICouponGrain")]
public interface ICouponGrain : IGrainWithStringKey
{
    /// <summary>Issues the coupon; issuing the same coupon again changes nothing.</summary>
    [Alias("IssueAsync")]
    Task<CouponResult> IssueAsync(CouponInfo coupon);

    [Alias("GetAsync")]
    Task<CouponInfo?> GetAsync();

    /// <summary>
    /// Uses the coupon on a receipt. The same store and receipt again is answered as the first time. A coupon
    /// issued to a customer is refused unless <paramref name="customerId"/> is that customer: tills reach this
    /// through the card (<c>ILoyaltyCardGrain.RedeemCouponAsync</c>), which passes its own customer.
    /// </summary>
    [Alias("RedeemAsync")]
    Task<CouponResult> RedeemAsync(string storeId, string receiptId, string? customerId);
}

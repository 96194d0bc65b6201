namespace RetentionActors.Contracts;

/// <summary>Business reasons for refusing a request; tills branch on these, people read the message.</summary>
public enum DeclineReason
{
    UnknownCard = 1,
    CardBlocked = 2,
    CardReplaced = 3,
    CardLinkedElsewhere = 4,
    NotEnrolled = 5,
    AlreadyEnrolled = 6,
    AmountAboveMaximum = 7,
    InsufficientPoints = 8,
    UnknownReceipt = 9,
    RefundExceedsPurchase = 10,
    UnknownCoupon = 11,
    CouponUsed = 12,
    CouponExpired = 13,
    CouponNotYours = 14,
    UnknownReward = 15,
    VelocityLimit = 16,
    SecondOperatorRequired = 17,
    /// <summary>A return named its purchase by store and receipt only, and several purchases have them: give the till and business day.</summary>
    AmbiguousReceipt = 18,
    /// <summary>The coupon was voided (its purchase was returned).</summary>
    CouponVoided = 19,
    /// <summary>
    /// The till's clock is further from the cluster's than the program allows (<c>MaxTillClockSkewMinutes</c>);
    /// <see cref="Decline.ClockSkew"/> says by how much. The till keeps the sale for correction in the back office.
    /// </summary>
    TillClockSkew = 20,
    /// <summary>
    /// The receipt (store, till, business day, receipt number) is already on the customer's ledger with another amount or
    /// other points: a different sale under a number already used, not a retry. Nothing was booked.
    /// </summary>
    ReceiptConflict = 21,
    /// <summary>The receipt is already recorded for another customer (who is not named). Nothing was booked.</summary>
    ReceiptOfAnotherCustomer = 22,
    /// <summary>
    /// An offline redemption whose allowance is not one the cluster signed for this customer, card and till, has expired,
    /// or is already used up for the day. Nothing was booked.
    /// </summary>
    OfflineAllowanceRefused = 23,
    /// <summary>The program gives no offline allowance (its daily limit is 0), or the customer has no spendable points.</summary>
    NoOfflineAllowance = 24,
}

using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;

namespace RetentionActors.Contracts.Customers;

/// <summary>
/// What a sale at a till or a visit to a kiosk does to a customer. Terminals never call it themselves (none of its
/// methods allows them): they reach it through the card grain, which forwards with the card it stands for. The back
/// office's import and seeders book sales through it the same way, without a card.
/// Every method answers only after its effect is durable; a request repeated with the same business identity
/// (store + receipt, enrollment id, reference) returns the original answer and changes nothing.
/// </summary>
[Alias("RetentionActors.Contracts.Customers.ICustomerTillGrain")]
public interface ICustomerTillGrain : ICustomerSummaryGrain
{
    /// <summary>
    /// Enrolls the customer, optionally with a friend's referral code. A customer enrolls once; a second
    /// enrollment is declined, unless it carries the same <paramref name="enrollmentId"/> as the first (a
    /// retry), which is answered with the customer as enrolled.
    /// </summary>
    [Alias("EnrollAsync")]
    Task<EnrollmentResult> EnrollAsync(CustomerProfile profile, string? referralCode = null, string? enrollmentId = null);

    /// <summary>Earns points for a purchase, under the program's earning rules.</summary>
    [Alias("EarnAsync")]
    Task<AccrualResult> EarnAsync(Purchase purchase, CardId? cardId = null);

    /// <summary>
    /// Earns for the purchase and, when it was accepted and <paramref name="pointsToRedeem"/> is above zero, redeems against
    /// the same receipt, in one turn of the customer; answers with the summary after both. Each part is idempotent by
    /// receipt as <see cref="EarnAsync"/> and <see cref="RedeemAsync"/> are.
    /// </summary>
    [Alias("CheckoutAsync")]
    Task<CustomerCheckout> CheckoutAsync(Purchase purchase, long pointsToRedeem, CardId cardId);

    /// <summary>Spends points, oldest first. The balance never goes below zero, whoever else redeems at the same moment.</summary>
    [Alias("RedeemAsync")]
    Task<RedemptionResult> RedeemAsync(Redemption redemption, CardId? cardId = null);

    /// <summary>Signs the offline allowance of <paramref name="cardId"/> for the till of <paramref name="request"/>.</summary>
    [Alias("IssueOfflineAllowanceAsync")]
    Task<AllowanceGrant> IssueOfflineAllowanceAsync(AllowanceRequest request, CardId cardId);

    /// <summary>Books an offline redemption under its allowance, once; a shortfall becomes debt, recovered from the next points earned.</summary>
    [Alias("RedeemOfflineAsync")]
    Task<RedemptionResult> RedeemOfflineAsync(OfflineRedemption redemption, CardId cardId);

    /// <summary>Takes back the points of a returned purchase in proportion to the refunded amount, and gives back points it had redeemed.</summary>
    [Alias("RefundAsync")]
    Task<RefundResult> RefundAsync(Refund refund, CardId? cardId = null);

    /// <summary>Stores a 0–10 recommendation answer with the customer (for NPS). Returns false when not enrolled.</summary>
    [Alias("RecordFeedbackAsync")]
    Task<bool> RecordFeedbackAsync(Feedback feedback);

    /// <summary>Spends points on a catalogue reward and issues its coupon. The same reference twice claims once.</summary>
    [Alias("ClaimRewardAsync")]
    Task<RewardClaimResult> ClaimRewardAsync(string rewardId, string reference);
}

using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;

namespace RetentionActors.Contracts.Customers;

/// <summary>
/// One customer, keyed by customer id: the single writer of their points ledger. Every method
/// answers only after its effect is durable; a request repeated with the same business identity
/// (store + receipt, or adjustment reference) returns the original answer and changes nothing.
/// </summary>
[Alias("RetentionActors.Contracts.Customers.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Enrolls the customer, optionally with a friend's referral code. A customer enrolls once; a second
    /// enrollment is declined, unless it carries the same <paramref name="enrollmentId"/> as the first (a
    /// retry), which is answered with the customer as enrolled.
    /// </summary>
    [Alias("EnrollAsync")]
    Task<EnrollmentResult> EnrollAsync(CustomerProfile profile, string? referralCode = null, string? enrollmentId = null);

    /// <summary>Spends points on a catalogue reward and issues its coupon. The same reference twice claims once.</summary>
    [Alias("ClaimRewardAsync")]
    Task<RewardClaimResult> ClaimRewardAsync(string rewardId, string reference);

    /// <summary>
    /// GDPR erasure: the profile is replaced by a pseudonym (no name, e-mail, phone, birthday or consent),
    /// while the ledger keeps its amounts for accounting. Erasing again changes nothing. Null when not enrolled.
    /// </summary>
    [Alias("ErasePersonalDataAsync")]
    Task<CustomerSummary?> ErasePersonalDataAsync();

    /// <summary>Stores a 0–10 recommendation answer with the customer (for NPS). Returns false when not enrolled.</summary>
    [Alias("RecordFeedbackAsync")]
    Task<bool> RecordFeedbackAsync(Feedback feedback);

    /// <summary>Gives the referrer bonus for a friend's first qualifying purchase (called by the friend's grain; once per friend).</summary>
    [Alias("AwardReferralAsync")]
    Task AwardReferralAsync(string friendCustomerId);

    /// <summary>The customer's profile, cards and totals; null when not enrolled.</summary>
    [Alias("GetAsync")]
    Task<CustomerSummary?> GetAsync();

    /// <summary>Earns points for a purchase, under the program's earning rules.</summary>
    [Alias("EarnAsync")]
    Task<AccrualResult> EarnAsync(Purchase purchase, string? cardId = null);

    /// <summary>
    /// Earns for the purchase and, when it was accepted and <paramref name="pointsToRedeem"/> is above zero, redeems against
    /// the same receipt, in one turn of the customer; answers with the summary after both. Each part is idempotent by
    /// receipt as <see cref="EarnAsync"/> and <see cref="RedeemAsync"/> are.
    /// </summary>
    [Alias("CheckoutAsync")]
    Task<CustomerCheckout> CheckoutAsync(Purchase purchase, long pointsToRedeem, string cardId);

    /// <summary>Spends points, oldest first. The balance never goes below zero, whoever else redeems at the same moment.</summary>
    [Alias("RedeemAsync")]
    Task<RedemptionResult> RedeemAsync(Redemption redemption, string? cardId = null);

    /// <summary>Signs the offline allowance of <paramref name="cardId"/> for the till of <paramref name="request"/>.</summary>
    [Alias("IssueOfflineAllowanceAsync")]
    Task<AllowanceGrant> IssueOfflineAllowanceAsync(AllowanceRequest request, string cardId);

    /// <summary>Books an offline redemption under its allowance, once; a shortfall becomes debt, recovered from the next points earned.</summary>
    [Alias("RedeemOfflineAsync")]
    Task<RedemptionResult> RedeemOfflineAsync(OfflineRedemption redemption, string cardId);

    /// <summary>Takes back the points of a returned purchase in proportion to the refunded amount, and gives back points it had redeemed.</summary>
    [Alias("RefundAsync")]
    Task<RefundResult> RefundAsync(Refund refund, string? cardId = null);

    /// <summary>Moves points by hand, with a reason and the operator's id.</summary>
    [Alias("AdjustAsync")]
    Task<AdjustmentResult> AdjustAsync(Adjustment adjustment);

    /// <summary>Ledger entries after sequence number <paramref name="afterSeq"/>, oldest first, at most <paramref name="take"/>.</summary>
    [Alias("GetLedgerAsync")]
    Task<IReadOnlyList<LedgerEntry>> GetLedgerAsync(long afterSeq = 0, int take = 100);

    /// <summary>
    /// Expires points past their date, reviews the tier and gives the birthday bonus when due. A maintenance
    /// sweep runs it when the store says something is due; the back office may run it at once. Running it
    /// again changes nothing.
    /// </summary>
    [Alias("RunMaintenanceAsync")]
    Task RunMaintenanceAsync();

    /// <summary>Records that a card now belongs to this customer (called by the card grain; idempotent).</summary>
    [Alias("AttachCardAsync")]
    Task AttachCardAsync(string cardId);

    /// <summary>Records that a card no longer belongs to this customer (called by the card grain; idempotent).</summary>
    [Alias("DetachCardAsync")]
    Task DetachCardAsync(string cardId);
}

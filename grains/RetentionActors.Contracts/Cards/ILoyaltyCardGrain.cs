using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Cards;

/// <summary>
/// One loyalty card, keyed by its canonical <see cref="CardId"/> string. Tills and kiosks talk to the
/// card only: it checks it is usable and hands the work to its customer's grain, so a terminal can act
/// only on the customer whose card it holds. Methods without <see cref="AllowTerminalsAttribute"/> are
/// for the back office and the cluster itself.
/// </summary>
[Alias("RetentionActors.Contracts.Cards.ILoyaltyCardGrain")]
public interface ILoyaltyCardGrain : IGrainWithStringKey
{
    /// <summary>The card's status and link.</summary>
    [Alias("GetAsync")]
    Task<CardInfo> GetAsync();

    /// <summary>The card and, when it is active, its customer's summary; a blocked, replaced or unknown card is declined with the reason.</summary>
    [Alias("IdentifyAsync")]
    [AllowTerminals(TerminalRole.Till, TerminalRole.Kiosk)]
    Task<CardIdentity> IdentifyAsync();

    /// <summary>Links an unissued card to an enrolled customer. Linking again to the same customer changes nothing.</summary>
    [Alias("LinkAsync")]
    Task<CardResult> LinkAsync(string customerId);

    /// <summary>Blocks a lost or stolen card: it refuses earning and redemption from now on.</summary>
    [Alias("BlockAsync")]
    Task<CardResult> BlockAsync(string reason);

    /// <summary>Moves this card's link to <paramref name="newCardId"/>, an unissued card; this card is then refused with a pointer to its successor.</summary>
    [Alias("ReplaceAsync")]
    Task<CardResult> ReplaceAsync(CardId newCardId);

    /// <summary>Earns points for a purchase on this card's customer. Declined when the card is not active.</summary>
    [Alias("EarnAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<AccrualResult> EarnAsync(Purchase purchase);

    /// <summary>
    /// A till's whole sequence for one customer in one call: checks the card, earns for <paramref name="purchase"/>, then,
    /// when <paramref name="pointsToRedeem"/> is above zero and the purchase was accepted, redeems that many points against
    /// the same receipt, and answers with the customer as a till sees them. Idempotent by receipt like
    /// <see cref="EarnAsync"/> and <see cref="RedeemAsync"/>: a retried checkout earns and redeems once and answers the
    /// original accrual and redemption, marked replayed. Declined when the card is not active.
    /// </summary>
    [Alias("CheckoutAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<CheckoutResult> CheckoutAsync(Purchase purchase, long pointsToRedeem = 0);

    /// <summary>Redeems points for this card's customer. Declined when the card is not active.</summary>
    [Alias("RedeemAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<RedemptionResult> RedeemAsync(Redemption redemption);

    /// <summary>
    /// The signed allowance this till may let the card redeem per day while offline (the program's daily limit, at most the
    /// spendable balance now); declined when the card is not active or the program gives none.
    /// </summary>
    [Alias("RequestOfflineAllowanceAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<AllowanceGrant> RequestOfflineAllowanceAsync(AllowanceRequest request);

    /// <summary>
    /// Books a redemption the till made offline under a signed allowance, once per receipt identity. Booked even when the
    /// balance has dropped meanwhile: the shortfall becomes the customer's debt. Declined when the allowance is not valid
    /// for this card, till and time, or the day's redemptions under it would pass it.
    /// </summary>
    [Alias("RedeemOfflineAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<RedemptionResult> RedeemOfflineAsync(OfflineRedemption redemption);

    /// <summary>
    /// Reverses the points of a returned purchase. Also accepted on a blocked or replaced card that was
    /// linked: a refund only takes points back, and the money went back to the same customer.
    /// </summary>
    [Alias("RefundAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<RefundResult> RefundAsync(Refund refund);

    /// <summary>
    /// Enrolls a new customer on this unissued card, all inside the cluster: the customer is created under an
    /// id derived from <see cref="Enrollment.EnrollmentId"/> and the card linked to them. Retrying with the same
    /// enrollment id (after a lost answer, a crash half way) returns the same customer and creates nothing more.
    /// </summary>
    [Alias("EnrollAsync")]
    [AllowTerminals(TerminalRole.Till, TerminalRole.Kiosk)]
    Task<EnrollmentResult> EnrollAsync(Enrollment enrollment);

    /// <summary>Stores the card holder's 0–10 recommendation answer; the same reference twice is stored once. Null when stored, else why not.</summary>
    [Alias("RecordFeedbackAsync")]
    [AllowTerminals(TerminalRole.Till, TerminalRole.Kiosk)]
    Task<Decline?> RecordFeedbackAsync(Feedback feedback);

    /// <summary>Spends the card holder's points on a catalogue reward and issues its coupon; the same reference twice claims once.</summary>
    [Alias("ClaimRewardAsync")]
    [AllowTerminals(TerminalRole.Kiosk)]
    Task<RewardClaimResult> ClaimRewardAsync(string rewardId, string reference);

    /// <summary>Uses a coupon on a receipt. A coupon issued to a customer is accepted only on that customer's card.</summary>
    [Alias("RedeemCouponAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<CouponResult> RedeemCouponAsync(CouponUse use);
}

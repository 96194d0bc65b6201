using RetentionActors.Contracts;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Terminal.Checkout;

/// <summary>Maps the silo's results onto <see cref="DeskAnswer"/>s.</summary>
public static class Answers
{
    public static DeclinedAnswer Decline(string reason, string message, string? cardId = null) => new(reason, message) { CardId = cardId };

    public static DeclinedAnswer Declined(Decline decline, string cardId) => Decline(DeclineReasons.From(decline.Reason), decline.Message, cardId);

    public static DeskAnswer Card(string cardId, CardIdentity identity) => identity.Customer is { } customer && identity.IsAccepted
        ? new KnownCardAnswer(cardId, identity.Card.Status.ToString(), Standing.Of(customer), Holdings.Of(customer))
        : new UnknownCardAnswer(cardId, identity.Card.Status.ToString(),
            identity.Declined is { } d ? DeclineReasons.From(d.Reason) : null, identity.Declined?.Message);

    public static BalanceAnswer Balance(string cardId, CustomerSummary customer) => new(cardId, Standing.Of(customer), Holdings.Of(customer));

    public static EnrolledAnswer Enrolled(string cardId, CustomerSummary customer) => new(cardId, Standing.Of(customer), Holdings.Of(customer));

    public static PurchaseAnswer Accrual(string cardId, string receiptId, AccrualResult result) => result.Declined is { } decline
        ? Declined(decline, cardId) with { ReceiptId = receiptId }
        : new AccruedAnswer(cardId, receiptId, result.PointsEarned, result.Balance)
        {
            Unlocked = result.Unlocked,
            Replayed = result.Replayed,
            Tier = result.Tier,
            TierUpgraded = result.TierUpgraded,
            Discount = result.DiscountPercent > 0 ? (result.DiscountPercent, result.DiscountAmount) : null,
            BonusPoints = result.BonusPoints,
            Campaigns = result.CampaignsApplied,
            Stamps = result.Stamps,
            Coupons = [.. result.CouponsIssued.Select(c => $"{c.Code}: {c.Description}")],
            PendingUntil = result.PendingUntil,
        };

    /// <summary>
    /// A checkout: the accrual as <see cref="Accrual"/> answers it (its balance is the one after the purchase), who the
    /// customer is and where they stand (their tier, not the accrual's), and the redemption asked with it, if any, as its own answer inside.
    /// </summary>
    public static PurchaseAnswer Checkout(string cardId, string receiptId, CheckoutResult result)
    {
        var answer = Accrual(cardId, receiptId, result.Accrual);
        if (answer is not AccruedAnswer accrued || result.Customer is not { } customer)
        {
            return answer;
        }
        return accrued with
        {
            Customer = Standing.Of(customer),
            Tier = customer.Tier,
            Redemption = result.Redemption is { } redemption ? Redemption(cardId, receiptId, redemption) : null,
        };
    }

    public static DeskAnswer Redemption(string cardId, string receiptId, RedemptionResult result) => result.Declined is { } decline
        ? Declined(decline, cardId) with { ReceiptId = receiptId }
        : new RedeemedAnswer(cardId, receiptId, result.PointsRedeemed, result.Value, result.Balance, result.Replayed);

    public static DeskAnswer Refund(string cardId, string receiptId, RefundResult result) => result.Declined is { } decline
        ? Declined(decline, cardId) with { ReceiptId = receiptId }
        : new RefundedAnswer(cardId, receiptId, result.PointsReversed, result.PointsReturned, result.PointsNotRecovered, result.Balance, result.Replayed)
        {
            BonusPointsReversed = result.BonusPointsReversed,
            StampsReversed = result.StampsReversed,
            CouponsVoided = result.CouponsVoided,
        };
}

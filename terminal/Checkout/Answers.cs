using RetentionActors.Contracts;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Terminal.Checkout;

/// <summary>Maps the silo's results onto <see cref="DeskAnswer"/>s.</summary>
public static class Answers
{
    public static DeskAnswer Declined(Decline decline, string cardId) =>
        DeskAnswer.Decline(DeclineReasons.From(decline.Reason), decline.Message, cardId);

    public static DeskAnswer Card(string cardId, CardIdentity identity) => identity.Customer is { } customer && identity.IsAccepted
        ? Customer(AnswerEvents.Card, cardId, customer) with { Known = true, Status = identity.Card.Status.ToString() }
        : new DeskAnswer(AnswerEvents.Card)
        {
            CardId = cardId,
            Known = false,
            Status = identity.Card.Status.ToString(),
            Reason = identity.Declined is { } d ? DeclineReasons.From(d.Reason) : null,
            Message = identity.Declined?.Message,
        };

    public static DeskAnswer Customer(string @event, string cardId, CustomerSummary customer) => Standing(new(@event), customer) with
    {
        CardId = cardId,
        Balance = customer.Balance,
        Stamps = customer.Stamps.Count > 0 ? customer.Stamps : null,
        Coupons = customer.Coupons.Count > 0 ? customer.Coupons : null,
    };

    /// <summary>Who the customer is and where they stand in the program, as both the identify and the checkout answers show it.</summary>
    private static DeskAnswer Standing(DeskAnswer answer, CustomerSummary customer) => answer with
    {
        CustomerId = customer.CustomerId,
        Name = customer.Profile.DisplayName,
        Visits = customer.VisitCount,
        LifetimeSpend = customer.LifetimeSpend,
        Tier = customer.Tier,
        NextTier = customer.NextTier,
        SpendToNextTier = customer.SpendToNextTier,
        PointsExpiringSoon = customer.PointsExpiringSoon > 0 ? customer.PointsExpiringSoon : null,
        PendingPoints = customer.PendingPoints > 0 ? customer.PendingPoints : null,
    };

    public static DeskAnswer Accrual(string cardId, string receiptId, AccrualResult result) => result.Declined is { } decline
        ? Declined(decline, cardId) with { ReceiptId = receiptId }
        : new DeskAnswer(AnswerEvents.Accrued)
        {
            CardId = cardId,
            ReceiptId = receiptId,
            PointsEarned = result.PointsEarned,
            Balance = result.Balance,
            Unlocked = result.Unlocked.Count > 0 ? result.Unlocked : null,
            Replayed = result.Replayed ? true : null,
            Tier = result.Tier,
            TierUpgraded = result.TierUpgraded ? true : null,
            DiscountPercent = result.DiscountPercent > 0 ? result.DiscountPercent : null,
            DiscountAmount = result.DiscountPercent > 0 ? result.DiscountAmount : null,
            BonusPoints = result.BonusPoints > 0 ? result.BonusPoints : null,
            Campaigns = result.CampaignsApplied.Count > 0 ? result.CampaignsApplied : null,
            Stamps = result.Stamps.Count > 0 ? result.Stamps : null,
            Coupons = result.CouponsIssued.Count > 0 ? [.. result.CouponsIssued.Select(c => $"{c.Code}: {c.Description}")] : null,
            PendingUntil = result.PendingUntil,
        };

    /// <summary>
    /// A checkout: the accrual as <see cref="Accrual"/> answers it (its balance is the one after the purchase), who the
    /// customer is and where they stand, and the redemption asked with it, if any, as its own answer inside.
    /// </summary>
    public static DeskAnswer Checkout(string cardId, string receiptId, CheckoutResult result)
    {
        var answer = Accrual(cardId, receiptId, result.Accrual);
        if (result.Customer is not { } customer)
        {
            return answer;
        }
        answer = Standing(answer, customer);
        return result.Redemption is { } redemption ? answer with { Redemption = Redemption(cardId, receiptId, redemption) } : answer;
    }

    public static DeskAnswer Redemption(string cardId, string receiptId, RedemptionResult result) => result.Declined is { } decline
        ? Declined(decline, cardId) with { ReceiptId = receiptId }
        : new DeskAnswer(AnswerEvents.Redeemed)
        {
            CardId = cardId,
            ReceiptId = receiptId,
            PointsRedeemed = result.PointsRedeemed,
            Value = result.Value,
            Balance = result.Balance,
            Replayed = result.Replayed ? true : null,
        };

    public static DeskAnswer Refund(string cardId, string receiptId, RefundResult result) => result.Declined is { } decline
        ? Declined(decline, cardId) with { ReceiptId = receiptId }
        : new DeskAnswer(AnswerEvents.Refunded)
        {
            CardId = cardId,
            ReceiptId = receiptId,
            PointsReversed = result.PointsReversed,
            PointsReturned = result.PointsReturned,
            PointsNotRecovered = result.PointsNotRecovered,
            BonusPointsReversed = result.BonusPointsReversed > 0 ? result.BonusPointsReversed : null,
            StampsReversed = result.StampsReversed.Count > 0 ? result.StampsReversed : null,
            CouponsVoided = result.CouponsVoided.Count > 0 ? result.CouponsVoided : null,
            Balance = result.Balance,
            Replayed = result.Replayed ? true : null,
        };
}

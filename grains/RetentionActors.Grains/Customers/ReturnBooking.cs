using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// A return takes back everything the purchase earned: its share of points, campaign bonuses and stamps, and at a full
/// return its unused gift coupons; the campaigns get back what was taken back.
/// </summary>
internal sealed class ReturnBooking(ActiveCustomer customer)
{
    public async Task<RefundResult> RefundAsync(Refund refund, CardId? cardId)
    {
        var till = TillRequests.Checked(refund, cardId, customer.Now);
        var receipts = new TillReceipts(customer);
        if (await receipts.OpeningAnswerAsync(till, EntryKind.Refund, refund.Amount, RefundResult.Decline, r => r with { Replayed = true }) is { } answered)
        {
            return answered;
        }
        var key = EntryKeys.For(till, EntryKind.Refund);

        var original = new OriginalReceipt(refund.OriginalStoreId, refund.OriginalReceiptId, refund.OriginalTerminalId, refund.OriginalBusinessDay);
        if (original is { ReceiptKey: { } originalReceipt, EarliestOccurredAt: { } originalAt })
        {
            await receipts.RecallIfForgottenAsync(originalReceipt, originalAt);
        }
        else
        {
            await receipts.RecallIfForgottenAsync(original);
        }
        var decision = customer.Account.Refund(till, refund.Amount, original, customer.Now);
        if (!decision.IsAccepted)
        {
            return RefundResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        var purchase = decision.Purchase!;
        var document = customer.EnrolledDocument();
        // Purchases answered before stamps earned were recorded have none: they give back points and bonuses only.
        var sale = await customer.Answers.GetAsync<AccrualResult>(EntryKeys.For(purchase.ReceiptKey, EntryKind.Purchase), purchase.OccurredAt);
        var stamps = StampReturn.TakenBack(purchase, refund.Amount, sale?.StampsEarned ?? new Dictionary<string, int>(), document.Stamps);
        var takeBack = RefundTakeBack.Of(decision, refund.Amount);
        var neighbours = new CampaignsAndCoupons(customer);
        var voided = takeBack.WholePurchase ? await neighbours.VoidGiftsAsync(key, sale) : [];
        await neighbours.ReleaseBonusBudgetsAsync(key, decision.Entries);

        var result = new RefundResult(takeBack.PointsRefunded, takeBack.RedemptionReturned, decision.Shortfall, decision.Entries[^1].BalanceAfter)
        {
            BonusPointsReversed = takeBack.BonusReversed,
            StampsReversed = stamps,
            CouponsVoided = voided,
        };
        var changed = stamps.Count == 0 && voided.Count == 0 ? null : document with
        {
            Stamps = StampReturn.Remaining(document.Stamps, stamps),
            Coupons = [.. document.Coupons.Except(voided)],
            Version = document.Version + 1,
        };
        return await customer.Commits.AppendAsync(key, decision.Entries, result, changed, EntryKeys.Receipt(till));
    }
}

using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Purchases;

namespace RetentionActors.Grains.Customers;

// Returns take back everything the purchase earned: its share of points, campaign bonuses and stamps,
// and at a full return its unused gift coupons; the campaigns get back what was taken back.
public sealed partial class CustomerGrain
{
    async Task<RefundResult> ICustomerGrain.RefundAsync(Refund refund, string? cardId)
    {
        ArgumentNullException.ThrowIfNull(refund);
        refund.Validate(Now);
        if (_document is null)
        {
            return RefundResult.Decline(DeclineReason.NotEnrolled, NotEnrolledMessage);
        }
        var till = new TillReference(refund.StoreId, refund.TerminalId, refund.ReceiptId, cardId, refund.OccurredAt, refund.Day);
        var key = EntryKeys.For(till, EntryKind.Refund);
        if (await BookedAnswerAsync(till, EntryKind.Refund, refund.Amount, RefundResult.Decline, r => r with { Replayed = true }) is { } booked)
        {
            return booked;
        }

        var original = new OriginalReceipt(refund.OriginalStoreId, refund.OriginalReceiptId, refund.OriginalTerminalId, refund.OriginalBusinessDay);
        if (original is { ReceiptKey: { } originalReceipt, EarliestOccurredAt: { } originalAt })
        {
            await RecallIfForgottenAsync(originalReceipt, originalAt);
        }
        else if (_account.NeedsRecall(original))
        {
            // Without till and day, any sale with this number may be the one, or make it ambiguous: read them all back.
            _account.Recall(await DurableLedgerAsync(), original);
        }
        var decision = _account.Refund(till, refund.Amount, original, Now);
        if (!decision.IsAccepted)
        {
            return RefundResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        var purchase = decision.Purchase!;
        // Purchases answered before stamps earned were recorded have none: they give back points and bonuses only.
        var sale = await StoredAnswerAsync<AccrualResult>(EntryKeys.For(purchase.ReceiptKey, EntryKind.Purchase), purchase.OccurredAt);
        var stamps = StampReturn.TakenBack(purchase, refund.Amount, sale?.StampsEarned ?? new Dictionary<string, int>(), _document.Stamps);
        var takeBack = RefundTakeBack.Of(decision, refund.Amount);
        var voided = takeBack.WholePurchase ? await VoidGiftsAsync(key, sale) : [];
        await ReleaseBonusBudgetsAsync(key, decision.Entries);

        var result = new RefundResult(takeBack.PointsRefunded, takeBack.RedemptionReturned, decision.Shortfall, decision.Entries[^1].BalanceAfter)
        {
            BonusPointsReversed = takeBack.BonusReversed,
            StampsReversed = stamps,
            CouponsVoided = voided,
        };
        var document = stamps.Count == 0 && voided.Count == 0 ? null : _document with
        {
            Stamps = StampReturn.Remaining(_document.Stamps, stamps),
            Coupons = [.. _document.Coupons.Except(voided)],
            Version = _document.Version + 1,
        };
        return await AppendAsync(key, decision.Entries, result, document, EntryKeys.Receipt(till));
    }

    /// <summary>
    /// Voids the purchase's unused gift coupons and gives each campaign its gift back. A used gift stays used
    /// and its stock stays given. Done before the refund commits, and idempotent, so a retried refund repeats it harmlessly.
    /// </summary>
    private async Task<IReadOnlyList<string>> VoidGiftsAsync(string refundKey, AccrualResult? sale)
    {
        var voided = new List<string>();
        foreach (var gift in sale?.CouponsIssued ?? [])
        {
            if (CampaignGift.CampaignOf(gift.Source) is not { } campaignId)
            {
                continue;
            }
            var result = await GrainFactory.GetGrain<ICouponGrain>(gift.Code).VoidAsync();
            if (!result.IsAccepted)
            {
                LogGiftKept(logger, CustomerId, gift.Code, result.Declined!.Message);
                continue;
            }
            voided.Add(gift.Code);
            await GrainFactory.GetGrain<ICampaignGrain>(campaignId).ReleaseAsync($"{CustomerId}/{refundKey}", 1);
        }
        return voided;
    }

    /// <summary>Gives each campaign back the bonus points this refund takes back, once per refund.</summary>
    private async Task ReleaseBonusBudgetsAsync(string refundKey, IReadOnlyList<Domain.Ledger.LedgerEntry> entries)
    {
        foreach (var reversal in entries.Where(e => e.Kind == EntryKind.BonusReversal))
        {
            if (CampaignBonusReason.CampaignOf(reversal.Reason) is { } campaignId)
            {
                await GrainFactory.GetGrain<ICampaignGrain>(campaignId).ReleaseAsync($"{CustomerId}/{refundKey}", -reversal.Points);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId}: gift coupon {Code} of a returned purchase stays: {Reason}")]
    private static partial void LogGiftKept(ILogger logger, string customerId, string code, string reason);
}

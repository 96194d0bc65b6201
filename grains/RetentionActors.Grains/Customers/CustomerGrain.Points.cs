using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Earning;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Grains.Customers;

// The points operations: validate → replay a known key → ask the domain → append → answer.
public sealed partial class CustomerGrain
{
    async Task<AccrualResult> ICustomerGrain.EarnAsync(Purchase purchase, string? cardId)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        purchase.Validate(Now);
        if (_document is null)
        {
            return AccrualResult.Decline(DeclineReason.NotEnrolled, NotEnrolledMessage);
        }
        var key = EntryKeys.For(purchase.StoreId, purchase.ReceiptId, EntryKind.Purchase);
        if (_operations.Contains(key))
        {
            return await ReplayAsync<AccrualResult>(key) with { Replayed = true };
        }

        // The rules in force when the sale occurred, also when a till delivers it late.
        var rules = (await ProgramAsync()).At(purchase.OccurredAt);
        if (purchase.Amount > rules.MaximumPurchaseAmount)
        {
            return AccrualResult.Decline(DeclineReason.AmountAboveMaximum,
                $"{purchase.Amount} {rules.Currency} is above the program's maximum purchase of {rules.MaximumPurchaseAmount} {rules.Currency}.");
        }
        var rollingSpend = _account.RollingSpend(purchase.OccurredAt) + purchase.Amount;
        var (standing, upgraded) = rules.Tiers.AfterPurchase(_document.Tier, rollingSpend, purchase.OccurredAt);
        var tierMultiplier = rules.Tiers.Find(standing?.Tier)?.EarnMultiplier ?? 1m;
        var lines = purchase.Lines?.Select(l => new SaleLine(l.Category, l.Amount)) ?? [];
        var points = rules.Earning.PointsFor(purchase.Amount, lines, tierMultiplier);
        var till = new TillReference(purchase.StoreId, purchase.TerminalId, purchase.ReceiptId, cardId, purchase.OccurredAt);
        var decision = _account.Earn(till, purchase.Amount, points, Now);
        var result = new AccrualResult(points, decision.Entries[^1].BalanceAfter, upgraded ? [$"Tier {standing!.Tier}"] : [])
        {
            Tier = standing?.Tier,
            TierUpgraded = upgraded,
            DiscountPercent = rules.DiscountPercent,
            DiscountAmount = decimal.Round(purchase.Amount * rules.DiscountPercent / 100m, 2, MidpointRounding.AwayFromZero),
        };
        var document = standing == _document.Tier ? null : _document with { Tier = standing, Version = _document.Version + 1 };
        return await AppendAsync(key, decision.Entries, result, document);
    }

    async Task<RedemptionResult> ICustomerGrain.RedeemAsync(Redemption redemption, string? cardId)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        redemption.Validate(Now);
        if (_document is null)
        {
            return RedemptionResult.Decline(DeclineReason.NotEnrolled, NotEnrolledMessage);
        }
        var key = EntryKeys.For(redemption.StoreId, redemption.ReceiptId, EntryKind.Redemption);
        if (_operations.Contains(key))
        {
            return await ReplayAsync<RedemptionResult>(key) with { Replayed = true };
        }

        var rules = (await ProgramAsync()).At(redemption.OccurredAt);
        var value = redemption.Points * rules.RedemptionValuePerPoint;
        var till = new TillReference(redemption.StoreId, redemption.TerminalId, redemption.ReceiptId, cardId, redemption.OccurredAt);
        var decision = _account.Redeem(till, redemption.Points, value, Now);
        if (!decision.IsAccepted)
        {
            return RedemptionResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        return await AppendAsync(key, decision.Entries, new RedemptionResult(redemption.Points, value, decision.Entries[^1].BalanceAfter));
    }

    async Task<RefundResult> ICustomerGrain.RefundAsync(Refund refund, string? cardId)
    {
        ArgumentNullException.ThrowIfNull(refund);
        refund.Validate(Now);
        if (_document is null)
        {
            return RefundResult.Decline(DeclineReason.NotEnrolled, NotEnrolledMessage);
        }
        var key = EntryKeys.For(refund.StoreId, refund.ReceiptId, EntryKind.Refund);
        if (_operations.Contains(key))
        {
            return await ReplayAsync<RefundResult>(key) with { Replayed = true };
        }

        var till = new TillReference(refund.StoreId, refund.TerminalId, refund.ReceiptId, cardId, refund.OccurredAt);
        var decision = _account.Refund(till, refund.Amount, refund.OriginalStoreId, refund.OriginalReceiptId, Now);
        if (!decision.IsAccepted)
        {
            return RefundResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        var returned = decision.Entries.Where(e => e.Kind == EntryKind.RedemptionReturn).Sum(e => e.Points);
        var reversed = -decision.Entries.Single(e => e.Kind == EntryKind.Refund).Points;
        var result = new RefundResult(reversed, returned, decision.Shortfall, decision.Entries[^1].BalanceAfter);
        return await AppendAsync(key, decision.Entries, result);
    }

    async Task<AdjustmentResult> ICustomerGrain.AdjustAsync(Adjustment adjustment)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        adjustment.Validate();
        if (_document is null)
        {
            return AdjustmentResult.Decline(DeclineReason.NotEnrolled, NotEnrolledMessage);
        }
        var key = EntryKeys.Adjustment(adjustment.Reference);
        if (_operations.Contains(key))
        {
            return await ReplayAsync<AdjustmentResult>(key) with { Replayed = true };
        }

        var decision = _account.Adjust(adjustment.Reference, adjustment.Points, adjustment.Reason, adjustment.OperatorId, Now);
        if (!decision.IsAccepted)
        {
            return AdjustmentResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        return await AppendAsync(key, decision.Entries, new AdjustmentResult(adjustment.Points, decision.Entries[^1].BalanceAfter));
    }

    private string NotEnrolledMessage => $"Customer {CustomerId} is not enrolled.";
}

using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Clocks;
using RetentionActors.Domain.Earning;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Purchases;
using RetentionActors.Grains.Storage;

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
        var till = new TillReference(purchase.StoreId, purchase.TerminalId, purchase.ReceiptId, cardId, purchase.OccurredAt, purchase.Day);
        var key = EntryKeys.For(till, EntryKind.Purchase);
        if (await BookedAnswerAsync(till, EntryKind.Purchase, purchase.Amount, AccrualResult.Decline, a => a with { Replayed = true }) is { } booked)
        {
            return booked;
        }
        var program = await ProgramAsync();
        if (TillClock.Judge(purchase.OccurredAt, purchase.SentAt, Now, program.Current.Mechanics.MaxTillClockSkew) is { } wrongClock)
        {
            return new AccrualResult(0, 0, [], new Decline(DeclineReason.TillClockSkew, wrongClock.Message) { ClockSkew = wrongClock.Skew });
        }
        await CompleteReferralAsync();

        // The rules in force when the sale occurred, also when a till delivers it late.
        var rules = program.At(purchase.OccurredAt);
        var facts = new PurchaseFacts(till, purchase.Amount, [.. (purchase.Lines ?? []).Select(l => new PurchaseItem(l.Sku, l.Category, l.Quantity, l.Amount))]);
        var before = new CustomerStanding(_document.Tier, _document.Stamps, _document.CampaignGroups, _document.ReferredBy is not null && !_document.FriendBonusGiven);
        var judged = PurchaseRules.Judge(rules, _account, CustomerId, before, facts, Now);
        if (judged.Plan is not { } plan)
        {
            return judged.Refusal == PurchaseRefusal.VelocityLimit
                ? await BreachAsync(judged.Message!)
                : AccrualResult.Decline(DeclineReason.AmountAboveMaximum, judged.Message!);
        }
        var outcome = plan.Complete(await ReserveAsync(plan.CampaignAsks));
        var coupons = await IssueAsync(outcome.Coupons, rules, purchase.OccurredAt);
        var unlocked = new List<string>();
        if (plan.TierUpgraded)
        {
            unlocked.Add($"Tier {plan.Tier!.Tier}");
        }
        unlocked.AddRange(coupons.Select(c => $"Coupon {c.Code}: {c.Description}"));
        var result = new AccrualResult(plan.Points, outcome.BalanceAfter, unlocked)
        {
            Tier = plan.Tier?.Tier,
            TierUpgraded = plan.TierUpgraded,
            DiscountPercent = rules.DiscountPercent,
            DiscountAmount = rules.DiscountOn(purchase.Amount),
            BonusPoints = outcome.BonusPoints,
            CampaignsApplied = outcome.Campaigns,
            Stamps = plan.Stamps,
            StampsEarned = plan.StampsEarned,
            CouponsIssued = coupons,
            PendingUntil = rules.Mechanics.PendingUntil(purchase.OccurredAt),
        };
        var document = !outcome.ChangesDocument(before) ? null : _document with
        {
            Tier = plan.Tier,
            Stamps = plan.Stamps,
            Coupons = [.. _document.Coupons, .. coupons.Select(c => c.Code)],
            FriendBonusGiven = _document.FriendBonusGiven || plan.FriendBonus,
            CampaignGroups = plan.CampaignGroups,
            Version = _document.Version + 1,
        };
        var assignments = plan.HoldoutDraws.Select(d => new HoldoutAssignment(d.Action, d.HeldOut, d.At)).ToList();
        await AppendAsync(key, outcome.Entries, result, document, EntryKeys.Receipt(till), assignments);
        await CompleteReferralAsync();
        return result;
    }

    async Task<CustomerCheckout> ICustomerGrain.CheckoutAsync(Purchase purchase, long pointsToRedeem, string cardId)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        // Both parts are checked before either is decided, so a bad redemption does not leave the purchase booked alone.
        purchase.Validate(Now);
        var redemption = pointsToRedeem == 0 ? null
            : new Redemption(purchase.StoreId, purchase.TerminalId, purchase.ReceiptId, purchase.OccurredAt, pointsToRedeem) { BusinessDay = purchase.BusinessDay };
        redemption?.Validate(Now);

        // Called on this activation directly, inside this call's turn: the redemption's commit is staged after the
        // purchase's, and a failed write fails both, so a redemption is never durable without the purchase it spends on.
        var self = (ICustomerGrain)this;
        var accrual = await self.EarnAsync(purchase, cardId);
        if (!accrual.IsAccepted)
        {
            return new CustomerCheckout(accrual, null, null);
        }
        var redeemed = redemption is null ? null : await self.RedeemAsync(redemption, cardId);
        return new CustomerCheckout(accrual, redeemed, await SummaryAsync());
    }

    async Task<RedemptionResult> ICustomerGrain.RedeemAsync(Redemption redemption, string? cardId)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        redemption.Validate(Now);
        if (_document is null)
        {
            return RedemptionResult.Decline(DeclineReason.NotEnrolled, NotEnrolledMessage);
        }
        var till = new TillReference(redemption.StoreId, redemption.TerminalId, redemption.ReceiptId, cardId, redemption.OccurredAt, redemption.Day);
        var key = EntryKeys.For(till, EntryKind.Redemption);
        if (await BookedAnswerAsync(till, EntryKind.Redemption, redemption.Points, RedemptionResult.Decline, r => r with { Replayed = true }) is { } booked)
        {
            return booked;
        }

        var rules = (await ProgramAsync()).At(redemption.OccurredAt);
        var value = redemption.Points * rules.RedemptionValuePerPoint;
        var decision = _account.Redeem(till, redemption.Points, value, Now, (await ProgramAsync()).Timing);
        if (!decision.IsAccepted)
        {
            return RedemptionResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        return await AppendAsync(key, decision.Entries, new RedemptionResult(redemption.Points, value, decision.Entries[^1].BalanceAfter), receipt: EntryKeys.Receipt(till));
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
        if (await StoredAnswerAsync<AdjustmentResult>(key) is { } done)
        {
            return done with { Replayed = true };
        }

        var threshold = (await ProgramAsync()).Current.Mechanics.AdjustmentApprovalThreshold;
        if (AdjustmentApproval.LacksSecondOperator(threshold, adjustment.Points, adjustment.OperatorId, adjustment.ApprovedBy))
        {
            return AdjustmentResult.Decline(DeclineReason.SecondOperatorRequired,
                $"Adjustments of more than {threshold} points need the approval of a second operator.");
        }
        var decision = _account.Adjust(adjustment.Reference, adjustment.Points, adjustment.Reason, adjustment.OperatorId, Now, adjustment.ApprovedBy);
        if (!decision.IsAccepted)
        {
            return AdjustmentResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        return await AppendAsync(key, decision.Entries, new AdjustmentResult(adjustment.Points, decision.Entries[^1].BalanceAfter));
    }

    private string NotEnrolledMessage => $"Customer {CustomerId} is not enrolled.";
}

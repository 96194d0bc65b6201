using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Clocks;
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
        if (purchase.Amount > rules.MaximumPurchaseAmount)
        {
            return AccrualResult.Decline(DeclineReason.AmountAboveMaximum,
                $"{purchase.Amount} {rules.Currency} is above the program's maximum purchase of {rules.MaximumPurchaseAmount} {rules.Currency}.");
        }
        var limits = rules.Mechanics;
        if (limits.MaxAccrualsPerCardPerHour > 0 && cardId is not null && _account.PurchasesInHour(cardId, purchase.OccurredAt) >= limits.MaxAccrualsPerCardPerHour)
        {
            return await BreachAsync($"Card {cardId} already has {limits.MaxAccrualsPerCardPerHour} purchases in the last hour.");
        }

        var rollingSpend = _account.RollingSpend(purchase.OccurredAt) + purchase.Amount;
        var (standing, upgraded) = rules.Tiers.AfterPurchase(_document.Tier, rollingSpend, purchase.OccurredAt);
        var tierMultiplier = rules.Tiers.Find(standing?.Tier)?.EarnMultiplier ?? 1m;
        var lines = purchase.Lines?.Select(l => new SaleLine(l.Category, l.Amount)) ?? [];
        var points = rules.Earning.PointsFor(purchase.Amount, lines, tierMultiplier);
        if (limits.MaxPointsPerDay > 0 && _account.EarnedOn(purchase.OccurredAt) + points > limits.MaxPointsPerDay)
        {
            return await BreachAsync($"Earning {points} more points would pass the limit of {limits.MaxPointsPerDay} points a day.");
        }

        var extras = await ExtrasAsync(purchase, EntryKeys.Receipt(till), rules, standing?.Tier);
        var decision = _account.Earn(till, purchase.Amount, points, Now, extras.Bonuses);
        var unlocked = new List<string>();
        if (upgraded)
        {
            unlocked.Add($"Tier {standing!.Tier}");
        }
        unlocked.AddRange(extras.Coupons.Select(c => $"Coupon {c.Code}: {c.Description}"));
        var result = new AccrualResult(points, decision.Entries[^1].BalanceAfter, unlocked)
        {
            Tier = standing?.Tier,
            TierUpgraded = upgraded,
            DiscountPercent = rules.DiscountPercent,
            DiscountAmount = decimal.Round(purchase.Amount * rules.DiscountPercent / 100m, 2, MidpointRounding.AwayFromZero),
            BonusPoints = extras.Bonuses.Sum(b => b.Points),
            CampaignsApplied = extras.Campaigns,
            Stamps = extras.Stamps,
            StampsEarned = extras.StampsEarned,
            CouponsIssued = extras.Coupons,
            PendingUntil = limits.PendingDays > 0 ? purchase.OccurredAt.AddDays(limits.PendingDays) : null,
        };
        // Most purchases change only the ledger; the document is written when something in it moved.
        var documentChanged = standing != _document.Tier || extras.Coupons.Count > 0 || extras.FriendBonus || extras.Assignments.Count > 0
            || extras.Stamps.Count != _document.Stamps.Count || extras.Stamps.Any(s => _document.Stamps.GetValueOrDefault(s.Key) != s.Value);
        var document = !documentChanged ? null : _document with
        {
            Tier = standing,
            Stamps = extras.Stamps,
            Coupons = [.. _document.Coupons, .. extras.Coupons.Select(c => c.Code)],
            FriendBonusGiven = _document.FriendBonusGiven || extras.FriendBonus,
            CampaignGroups = extras.CampaignGroups,
            Version = _document.Version + 1,
        };
        await AppendAsync(key, decision.Entries, result, document, EntryKeys.Receipt(till), extras.Assignments);
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
        if (threshold > 0 && Math.Abs(adjustment.Points) > threshold && (adjustment.ApprovedBy is null || adjustment.ApprovedBy == adjustment.OperatorId))
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

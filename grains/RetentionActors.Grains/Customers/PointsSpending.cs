using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// Points spent at a till or on a catalogue reward, adjusted by customer care, or given to a referrer: replay a known key
/// → ask the account → stage the entries → answer.
/// </summary>
internal sealed class PointsSpending(ActiveCustomer customer)
{
    public async Task<RedemptionResult> RedeemAsync(Redemption redemption, CardId? cardId)
    {
        var till = TillRequests.Checked(redemption, cardId, customer.Now);
        var receipts = new TillReceipts(customer);
        if ((await receipts.OpeningAnswerAsync(till, EntryKind.Redemption, redemption.Points, RedemptionResult.Decline, r => r with { Replayed = true })
            ?? await receipts.RedeemedTheOtherWayAsync(till, EntryKind.Redemption, redemption.Points)) is { } answered)
        {
            return answered;
        }

        var program = await customer.ProgramAsync();
        var value = redemption.Points * program.At(redemption.OccurredAt).RedemptionValuePerPoint;
        var decision = customer.Account.Redeem(till, redemption.Points, value, customer.Now, program.Timing);
        if (!decision.IsAccepted)
        {
            return RedemptionResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        return await customer.Commits.AppendAsync(EntryKeys.For(till, EntryKind.Redemption), decision.Entries,
            new RedemptionResult(redemption.Points, value, decision.Entries[^1].BalanceAfter), receipt: EntryKeys.Receipt(till));
    }

    public async Task<AdjustmentResult> AdjustAsync(Adjustment adjustment)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        adjustment.Validate();
        if (customer.NotEnrolled(AdjustmentResult.Decline) is { } notEnrolled)
        {
            return notEnrolled;
        }
        var key = EntryKeys.Adjustment(adjustment.Reference);
        if (await customer.Answers.GetAsync<AdjustmentResult>(key) is { } done)
        {
            return done with { Replayed = true };
        }

        var threshold = (await customer.ProgramAsync()).Current.Mechanics.AdjustmentApprovalThreshold;
        if (AdjustmentApproval.LacksSecondOperator(threshold, adjustment.Points, adjustment.OperatorId, adjustment.ApprovedBy))
        {
            return AdjustmentResult.Decline(DeclineReason.SecondOperatorRequired,
                $"Adjustments of more than {threshold} points need the approval of a second operator.");
        }
        var decision = customer.Account.Adjust(adjustment.Reference, adjustment.Points, adjustment.Reason, adjustment.OperatorId, customer.Now, adjustment.ApprovedBy);
        if (!decision.IsAccepted)
        {
            return AdjustmentResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        return await customer.Commits.AppendAsync(key, decision.Entries, new AdjustmentResult(adjustment.Points, decision.Entries[^1].BalanceAfter));
    }

    public async Task<RewardClaimResult> ClaimRewardAsync(string rewardId, string reference)
    {
        Require.Id(rewardId, nameof(rewardId));
        Require.Id(reference, nameof(reference));
        if (customer.Document is null)
        {
            return new RewardClaimResult(null, 0, 0, new Decline(DeclineReason.NotEnrolled, customer.NotEnrolledMessage));
        }
        var key = RewardClaim.Key(reference);
        if (await customer.Answers.GetAsync<RewardClaimResult>(key) is { } claimed)
        {
            return claimed with { Replayed = true };
        }

        var program = await customer.ProgramAsync();
        var (reward, decision) = RewardClaim.Decide(program.Current, customer.Account, rewardId, reference, customer.Now, program.Timing);
        if (reward is null || decision is null)
        {
            return new RewardClaimResult(null, 0, customer.Account.Balance, new Decline(DeclineReason.UnknownReward, $"There is no reward '{rewardId}' in the catalogue."));
        }
        if (!decision.IsAccepted)
        {
            return new RewardClaimResult(null, 0, customer.Account.Balance, new Decline(decision.Refusal.ToDeclineReason(), decision.Message));
        }
        var neighbours = new CampaignsAndCoupons(customer);
        var coupon = neighbours.NewCoupon(key, reward.CouponKind.ToContract(), reward.Name, reward.Value, $"reward {reward.Id}", program.Current, customer.Now);
        await neighbours.IssueAsync(coupon);
        var document = customer.EnrolledDocument();
        return await customer.Commits.AppendAsync(key, decision.Entries, new RewardClaimResult(coupon, reward.PointsCost, decision.Entries[^1].BalanceAfter),
            document with { Coupons = [.. document.Coupons, coupon.Code], Version = document.Version + 1 });
    }

    /// <summary>The referrer's half of a referral bonus, asked for by the friend's grain: given once per friend.</summary>
    public async Task AwardReferralAsync(string friendCustomerId)
    {
        Require.Id(friendCustomerId, nameof(friendCustomerId));
        var bonus = (await customer.ProgramAsync()).Current.Mechanics.ReferrerBonus;
        if (customer.Document is not null)
        {
            await GiveBonusOnceAsync(Referral.AwardKey(friendCustomerId), "referrer", bonus, customer.Now);
        }
    }

    /// <summary>A bonus given once under <paramref name="key"/> (a referrer's half, a birthday), answered like an adjustment.</summary>
    public async Task GiveBonusOnceAsync(string key, string reason, long bonus, DateTimeOffset now)
    {
        if (bonus <= 0 || await customer.Answers.DoneAsync<AdjustmentResult>(key))
        {
            return;
        }
        var decision = customer.Account.Bonus(key, reason, bonus, now, now);
        await customer.Commits.AppendAsync(key, decision.Entries, new AdjustmentResult(bonus, decision.Entries[^1].BalanceAfter));
    }
}

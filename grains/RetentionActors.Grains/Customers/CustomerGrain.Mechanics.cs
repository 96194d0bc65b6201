using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Purchases;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

// Stamp cards, campaigns, coupons, rewards and referrals: what a purchase or a claim gives beyond points.
public sealed partial class CustomerGrain
{
    /// <summary>
    /// Asks each campaign for what the purchase wants of its budget, in order; the campaign grants a retried ask once.
    /// </summary>
    private async Task<IReadOnlyList<long>> ReserveAsync(IReadOnlyList<CampaignAsk> asks)
    {
        var granted = new List<long>(asks.Count);
        foreach (var ask in asks)
        {
            granted.Add(await GrainFactory.GetGrain<ICampaignGrain>(ask.Campaign.Id).ReserveAsync(ask.Reference, ask.Wanted, ask.Campaign.Budget, ask.AllOrNothing));
        }
        return granted;
    }

    /// <summary>Issues a purchase's free-item coupons (idempotently: the code follows the scope) before the purchase commits.</summary>
    private async Task<IReadOnlyList<CouponInfo>> IssueAsync(IReadOnlyList<CouponAsk> asks, ProgramRules rules, DateTimeOffset issuedAt)
    {
        var coupons = asks.Select(c => NewCoupon(c.Scope, CouponKind.FreeItem, c.Description, 0m, c.Source, rules, issuedAt)).ToList();
        foreach (var coupon in coupons)
        {
            await IssueAsync(coupon);
        }
        return coupons;
    }

    /// <summary>The referrer's half of the bonus, after the friend's half is durable; retried on later purchases until it lands.</summary>
    private async Task CompleteReferralAsync()
    {
        if (_document is not { ReferredBy: { } referrer, FriendBonusGiven: true })
        {
            return;
        }
        try
        {
            await Commits.Durable;
            await GrainFactory.GetGrain<ICustomerGrain>(referrer).AwardReferralAsync(CustomerId);
            await SaveDocumentAsync(_document with { ReferredBy = null, Version = _document.Version + 1 });
        }
        catch (Exception e) when (e is not InvalidRequestException)
        {
            // The friend's purchase stands; the referrer's half is tried again on the friend's next purchase.
            LogReferralDeferred(logger, e, CustomerId, referrer);
        }
    }

    async Task ICustomerGrain.AwardReferralAsync(string friendCustomerId)
    {
        Require.Id(friendCustomerId, nameof(friendCustomerId));
        var key = Referral.AwardKey(friendCustomerId);
        var bonus = (await ProgramAsync()).Current.Mechanics.ReferrerBonus;
        if (_document is null || bonus <= 0 || await DoneAsync(key))
        {
            return;
        }
        var decision = _account.Bonus(key, "referrer", bonus, Now, Now);
        await AppendAsync(key, decision.Entries, new AdjustmentResult(bonus, decision.Entries[^1].BalanceAfter));
    }

    async Task<RewardClaimResult> ICustomerGrain.ClaimRewardAsync(string rewardId, string reference)
    {
        Require.Id(rewardId, nameof(rewardId));
        Require.Id(reference, nameof(reference));
        if (_document is null)
        {
            return new RewardClaimResult(null, 0, 0, new Decline(DeclineReason.NotEnrolled, NotEnrolledMessage));
        }
        var key = RewardClaim.Key(reference);
        if (await StoredAnswerAsync<RewardClaimResult>(key) is { } claimed)
        {
            return claimed with { Replayed = true };
        }

        var program = await ProgramAsync();
        var rules = program.Current;
        var (reward, decision) = RewardClaim.Decide(rules, _account, rewardId, reference, Now, program.Timing);
        if (reward is null || decision is null)
        {
            return new RewardClaimResult(null, 0, _account.Balance, new Decline(DeclineReason.UnknownReward, $"There is no reward '{rewardId}' in the catalogue."));
        }
        if (!decision.IsAccepted)
        {
            return new RewardClaimResult(null, 0, _account.Balance, new Decline(decision.Refusal.ToDeclineReason(), decision.Message));
        }
        var coupon = NewCoupon(key, reward.CouponKind.ToContract(), reward.Name, reward.Value, $"reward {reward.Id}", rules, Now);
        await IssueAsync(coupon);
        var document = _document with { Coupons = [.. _document.Coupons, coupon.Code], Version = _document.Version + 1 };
        return await AppendAsync(key, decision.Entries, new RewardClaimResult(coupon, reward.PointsCost, decision.Entries[^1].BalanceAfter), document);
    }

    private async Task<string?> ReferrerAsync(string referralCode, CustomerProfile profile)
    {
        var referrer = await GrainFactory.GetGrain<IReferralCodeGrain>(referralCode.Trim().ToUpperInvariant()).GetCustomerAsync()
            ?? throw new InvalidRequestException($"Referral code '{referralCode}' is unknown.", nameof(referralCode));
        if (referrer == CustomerId)
        {
            return null;
        }
        var referrerProfile = (await GrainFactory.GetGrain<ICustomerGrain>(referrer).GetAsync())?.Profile;
        // Never for self-referral: the same person under a second id, by id (above), e-mail or phone.
        return Referral.IsSamePerson(profile.Email, profile.Phone, referrerProfile?.Email, referrerProfile?.Phone) ? null : referrer;
    }

    private CouponInfo NewCoupon(string scope, CouponKind kind, string description, decimal value, string source, ProgramRules rules, DateTimeOffset issuedAt) =>
        new(couponCodes.For(CustomerId, scope), kind, description, value, CustomerId, source, issuedAt, issuedAt.AddDays(rules.Mechanics.CouponValidityDays));

    private async Task IssueAsync(CouponInfo coupon)
    {
        var issued = await GrainFactory.GetGrain<ICouponGrain>(coupon.Code).IssueAsync(coupon);
        if (!issued.IsAccepted)
        {
            throw new InvalidOperationException($"Coupon {coupon.Code} could not be issued: {issued.Declined!.Message}");
        }
    }

    private async Task<AccrualResult> BreachAsync(string rule)
    {
        LogLimitBreached(logger, CustomerId, rule);
        await SaveDocumentAsync(_document! with { LimitBreaches = LimitBreaches.After(_document.LimitBreaches, Now, rule), Version = _document.Version + 1 });
        return AccrualResult.Decline(DeclineReason.VelocityLimit, rule);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Referral bonus of {ReferrerId} for friend {CustomerId} deferred")]
    private static partial void LogReferralDeferred(ILogger logger, Exception exception, string customerId, string referrerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId} hit a velocity limit: {Rule}")]
    private static partial void LogLimitBreached(ILogger logger, string customerId, string rule);
}

using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Uplift;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

// Stamp cards, campaigns, coupons, rewards and referrals: what a purchase or a claim gives beyond points.
public sealed partial class CustomerGrain
{
    private const string FriendBonusReason = "referral-friend";

    /// <summary>The source of a campaign's gift coupon, followed by the campaign id; a full return voids it.</summary>
    private const string GiftSource = "campaign ";

    /// <summary>What a purchase gives besides its points; coupons are issued (idempotently) before the purchase commits.</summary>
    private sealed record PurchaseExtras(
        IReadOnlyList<(string Reason, long Points)> Bonuses,
        IReadOnlyList<string> Campaigns,
        Dictionary<string, int> Stamps,
        Dictionary<string, int> StampsEarned,
        IReadOnlyList<CouponInfo> Coupons,
        bool FriendBonus,
        IReadOnlyDictionary<string, bool> CampaignGroups,
        IReadOnlyList<HoldoutAssignment> Assignments);

    private async Task<PurchaseExtras> ExtrasAsync(Purchase purchase, string receipt, ProgramRules rules, string? tier)
    {
        var mechanics = rules.Mechanics;
        var bonuses = new List<(string, long)>();
        var campaigns = new List<string>();
        var coupons = new List<CouponInfo>();

        var stamps = new Dictionary<string, int>(_document!.Stamps);
        var stampsEarned = new Dictionary<string, int>();
        var stampLines = (purchase.Lines ?? []).Select(l => (l.Sku, l.Category, l.Quantity)).ToList();
        foreach (var card in mechanics.StampCards)
        {
            var earned = card.StampsFor(stampLines);
            var (held, rewards) = card.Add(stamps.GetValueOrDefault(card.Id), earned);
            stamps[card.Id] = held;
            if (earned > 0)
            {
                stampsEarned[card.Id] = earned;
            }
            for (var r = 1; r <= rewards; r++)
            {
                coupons.Add(NewCoupon($"{receipt}/stamps/{card.Id}/{r}", CouponKind.FreeItem, card.Reward, 0m, $"stamp card {card.Id}", rules, purchase.OccurredAt));
            }
        }

        var lines = (purchase.Lines ?? []).Select(l => (l.Category, l.Amount)).ToList();
        var groups = new Dictionary<string, bool>(_document.CampaignGroups);
        var assignments = new List<HoldoutAssignment>();
        foreach (var campaign in mechanics.Campaigns.Where(c => c.RunsAt(purchase.OccurredAt) && rules.Tiers.IsAtLeast(tier, c.MinimumTier)))
        {
            // The first purchase the campaign reaches decides the customer's group, recorded with this purchase;
            // held-out customers get nothing from the campaign but are measured like the others.
            if (!groups.TryGetValue(campaign.Id, out var heldOut) && campaign.HoldoutPercent > 0)
            {
                heldOut = Holdout.IsHeldOut(campaign.HoldoutAction, CustomerId, campaign.HoldoutPercent);
                groups[campaign.Id] = heldOut;
                assignments.Add(new HoldoutAssignment(campaign.HoldoutAction, heldOut, purchase.OccurredAt));
            }
            if (heldOut)
            {
                continue;
            }
            var wanted = campaign.Wanted(purchase.Amount, lines, rules.Earning.PointsPerCurrencyUnit);
            var gift = campaign.Effect == CampaignEffect.Gift;
            var granted = wanted <= 0 ? 0 : await GrainFactory.GetGrain<ICampaignGrain>(campaign.Id).ReserveAsync($"{CustomerId}/{receipt}", wanted, campaign.Budget, allOrNothing: gift);
            if (granted <= 0)
            {
                continue;
            }
            campaigns.Add(campaign.Name);
            if (gift)
            {
                coupons.Add(NewCoupon($"{receipt}/gift/{campaign.Id}", CouponKind.FreeItem, campaign.Gift ?? campaign.Name, 0m, GiftSource + campaign.Id, rules, purchase.OccurredAt));
            }
            else
            {
                bonuses.Add((CampaignBonusReason.For(campaign.Id), granted));
            }
        }

        var friendBonus = _document.ReferredBy is not null && !_document.FriendBonusGiven
            && mechanics.FriendBonus + mechanics.ReferrerBonus > 0 && purchase.Amount >= mechanics.ReferralMinimumPurchase;
        if (friendBonus && mechanics.FriendBonus > 0)
        {
            bonuses.Add((FriendBonusReason, mechanics.FriendBonus));
        }

        foreach (var coupon in coupons)
        {
            await IssueAsync(coupon);
        }
        return new PurchaseExtras(bonuses, campaigns, stamps, stampsEarned, coupons, friendBonus, groups, assignments);
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
        var key = $"referral/{friendCustomerId}";
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
        var key = $"reward/{reference}";
        if (await StoredAnswerAsync<RewardClaimResult>(key) is { } claimed)
        {
            return claimed with { Replayed = true };
        }

        var rules = (await ProgramAsync()).Current;
        if (rules.Mechanics.Rewards.FirstOrDefault(r => r.Id == rewardId) is not { } reward)
        {
            return new RewardClaimResult(null, 0, _account.Balance, new Decline(DeclineReason.UnknownReward, $"There is no reward '{rewardId}' in the catalogue."));
        }
        var decision = _account.Redeem(new TillReference("rewards", "catalogue", reference, null, Now), reward.PointsCost,
            reward.PointsCost * rules.RedemptionValuePerPoint, Now, (await ProgramAsync()).Timing);
        if (!decision.IsAccepted)
        {
            return new RewardClaimResult(null, 0, _account.Balance, new Decline(decision.Refusal.ToDeclineReason(), decision.Message));
        }
        var coupon = NewCoupon(key, (CouponKind)reward.CouponKind, reward.Name, reward.Value, $"reward {reward.Id}", rules, Now);
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
        // Never for self-referral: the same person under a second id, by id, e-mail or phone.
        var self = (profile.Email is not null && string.Equals(profile.Email, referrerProfile?.Email, StringComparison.OrdinalIgnoreCase))
            || (profile.Phone is not null && profile.Phone == referrerProfile?.Phone);
        return self ? null : referrer;
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
        var breaches = _document!.LimitBreaches.TakeLast(49).Append($"{Now:O} {rule}").ToList();
        await SaveDocumentAsync(_document with { LimitBreaches = breaches, Version = _document.Version + 1 });
        return AccrualResult.Decline(DeclineReason.VelocityLimit, rule);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Referral bonus of {ReferrerId} for friend {CustomerId} deferred")]
    private static partial void LogReferralDeferred(ILogger logger, Exception exception, string customerId, string referrerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId} hit a velocity limit: {Rule}")]
    private static partial void LogLimitBreached(ILogger logger, string customerId, string rule);
}

using RetentionActors.Domain.Earning;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Uplift;

namespace RetentionActors.Domain.Purchases;

/// <summary>
/// What a purchase earns, decided from the account, the customer's standing, the rules in force when it occurred and the
/// clock: the maximum purchase and the velocity limits, the tier and its points, stamps, campaigns (held-out customers
/// get nothing from a campaign) and the friend's referral bonus. The campaigns' budgets are asked by the caller between
/// <see cref="Judge"/> and <see cref="PurchasePlan.Complete"/>: what is left of a budget is not the customer's to know.
/// </summary>
public static class PurchaseRules
{
    public static PurchaseJudgement Judge(ProgramRules rules, PointsAccount account, string customerId, CustomerStanding customer,
        PurchaseFacts purchase, DateTimeOffset now)
    {
        var (till, amount) = (purchase.Till, purchase.Amount);
        if (amount > rules.MaximumPurchaseAmount)
        {
            return PurchaseJudgement.Refuse(PurchaseRefusal.AmountAboveMaximum,
                $"{amount} {rules.Currency} is above the program's maximum purchase of {rules.MaximumPurchaseAmount} {rules.Currency}.");
        }
        var limits = rules.Mechanics;
        if (limits.MaxAccrualsPerCardPerHour > 0 && till.CardId is { } cardId && account.PurchasesInHour(cardId, till.OccurredAt) >= limits.MaxAccrualsPerCardPerHour)
        {
            return PurchaseJudgement.Refuse(PurchaseRefusal.VelocityLimit, $"Card {cardId} already has {limits.MaxAccrualsPerCardPerHour} purchases in the last hour.");
        }

        var rollingSpend = account.RollingSpend(till.OccurredAt) + amount;
        var (standing, upgraded) = rules.Tiers.AfterPurchase(customer.Tier, rollingSpend, till.OccurredAt);
        var tierMultiplier = rules.Tiers.Find(standing?.Tier)?.EarnMultiplier ?? 1m;
        var points = rules.Earning.PointsFor(amount, purchase.Lines.Select(l => new SaleLine(l.Category, l.Amount)), tierMultiplier);
        if (limits.MaxPointsPerDay > 0 && account.EarnedOn(till.OccurredAt) + points > limits.MaxPointsPerDay)
        {
            return PurchaseJudgement.Refuse(PurchaseRefusal.VelocityLimit, $"Earning {points} more points would pass the limit of {limits.MaxPointsPerDay} points a day.");
        }

        var (stamps, earned, stampCoupons) = Stamps(limits, customer.Stamps, purchase);
        var (asks, groups, draws) = Campaigns(rules, customerId, standing?.Tier, customer.CampaignGroups, purchase);
        return new PurchaseJudgement(null, null, new PurchasePlan(account, purchase, now)
        {
            Points = points,
            Tier = standing,
            TierUpgraded = upgraded,
            Stamps = stamps,
            StampsEarned = earned,
            StampCoupons = stampCoupons,
            CampaignAsks = asks,
            CampaignGroups = groups,
            HoldoutDraws = draws,
            FriendBonus = Referral.FriendBonusDue(limits, customer.FriendBonusOwed, amount),
            FriendBonusPoints = limits.FriendBonus,
        });
    }

    /// <summary>The stamps held on every card after the purchase, those it earned, and a coupon for each card it completed.</summary>
    private static (Dictionary<string, int> Held, Dictionary<string, int> Earned, List<CouponAsk> Coupons) Stamps(
        Mechanics.Mechanics limits, IReadOnlyDictionary<string, int> before, PurchaseFacts purchase)
    {
        var held = new Dictionary<string, int>(before);
        var earned = new Dictionary<string, int>();
        var coupons = new List<CouponAsk>();
        var lines = purchase.Lines.Select(l => (l.Sku, l.Category, l.Quantity)).ToList();
        foreach (var card in limits.StampCards)
        {
            var stamps = card.StampsFor(lines);
            var (now, rewards) = card.Add(held.GetValueOrDefault(card.Id), stamps);
            held[card.Id] = now;
            if (stamps > 0)
            {
                earned[card.Id] = stamps;
            }
            for (var r = 1; r <= rewards; r++)
            {
                coupons.Add(new CouponAsk($"{purchase.Receipt}/stamps/{card.Id}/{r}", card.Reward, $"stamp card {card.Id}"));
            }
        }
        return (held, earned, coupons);
    }

    /// <summary>
    /// The campaigns running at the sale for the customer's tier that want to give it something, the campaign groups after
    /// it, and the holdout draws it made: the first purchase a campaign reaches decides the customer's group, recorded with
    /// this purchase; held-out customers get nothing from the campaign but are measured like the others.
    /// </summary>
    private static (List<CampaignAsk> Asks, Dictionary<string, bool> Groups, List<HoldoutDraw> Draws) Campaigns(
        ProgramRules rules, string customerId, string? tier, IReadOnlyDictionary<string, bool> before, PurchaseFacts purchase)
    {
        var at = purchase.Till.OccurredAt;
        var lines = purchase.Lines.Select(l => (l.Category, l.Amount)).ToList();
        var groups = new Dictionary<string, bool>(before);
        var draws = new List<HoldoutDraw>();
        var asks = new List<CampaignAsk>();
        foreach (var campaign in rules.Mechanics.Campaigns.Where(c => c.RunsAt(at) && rules.Tiers.IsAtLeast(tier, c.MinimumTier)))
        {
            if (!groups.TryGetValue(campaign.Id, out var heldOut) && campaign.HoldoutPercent > 0)
            {
                heldOut = Holdout.IsHeldOut(campaign.HoldoutAction, customerId, campaign.HoldoutPercent);
                groups[campaign.Id] = heldOut;
                draws.Add(new HoldoutDraw(campaign.HoldoutAction, heldOut, at));
            }
            var wanted = heldOut ? 0 : campaign.Wanted(purchase.Amount, lines, rules.Earning.PointsPerCurrencyUnit);
            if (wanted > 0)
            {
                asks.Add(new CampaignAsk(campaign, wanted, $"{customerId}/{purchase.Receipt}"));
            }
        }
        return (asks, groups, draws);
    }
}

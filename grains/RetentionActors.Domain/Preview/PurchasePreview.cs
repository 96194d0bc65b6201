using RetentionActors.Domain.Earning;
using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Domain.Preview;

/// <summary>
/// What a purchase would earn under a program's rules, by the same rules a customer's purchase is judged by, without a
/// customer: no holdout draw (a held-out customer would get nothing from a campaign), the whole of each campaign's budget
/// (not what is left of it), no earlier purchases that day or hour, and no referral or birthday bonus.
/// </summary>
public static class PurchasePreview
{
    public static PurchaseEstimate Estimate(ProgramRules rules, SamplePurchase sample)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Tier is not null && rules.Tiers.Find(sample.Tier) is null)
        {
            throw new ArgumentException(
                rules.Tiers.IsEnabled ? $"The program has no tier '{sample.Tier}'." : "The program has no tiers: leave the tier out.", "tier");
        }
        if (sample.Amount > rules.MaximumPurchaseAmount)
        {
            return Declined($"{sample.Amount} {rules.Currency} is above the program's maximum purchase of {rules.MaximumPurchaseAmount} {rules.Currency}.");
        }

        var tier = sample.Tier is null ? rules.Tiers.Qualifying(sample.Amount) : rules.Tiers.Find(sample.Tier);
        var multiplier = tier?.EarnMultiplier ?? 1m;
        var points = rules.Earning.PointsFor(sample.Amount, sample.Lines.Select(l => new SaleLine(l.Category, l.Amount)), multiplier);
        var limits = rules.Mechanics;
        if (limits.MaxPointsPerDay > 0 && points > limits.MaxPointsPerDay)
        {
            return Declined($"Earning {points} points would pass the limit of {limits.MaxPointsPerDay} points a day.");
        }

        var lines = sample.Lines.Select(l => (l.Category, l.Amount)).ToList();
        var campaigns = limits.Campaigns
            .Where(c => c.RunsAt(sample.At) && rules.Tiers.IsAtLeast(tier?.Name, c.MinimumTier))
            .Select(c => (Campaign: c, Wanted: c.Wanted(sample.Amount, lines, rules.Earning.PointsPerCurrencyUnit)))
            .Where(x => x.Wanted > 0)
            .Select(x => x.Campaign.Effect == CampaignEffect.Gift
                ? new CampaignEstimate(x.Campaign.Id, x.Campaign.Name, 0, x.Campaign.Gift ?? x.Campaign.Name)
                : new CampaignEstimate(x.Campaign.Id, x.Campaign.Name, Math.Min(x.Wanted, x.Campaign.Budget), null))
            .ToList();
        var stampLines = sample.Lines.Select(l => (l.Sku ?? "", l.Category, l.Quantity)).ToList();
        var stamps = limits.StampCards.Select(c => (c.Id, Stamps: c.StampsFor(stampLines))).Where(s => s.Stamps > 0).ToDictionary(s => s.Id, s => s.Stamps);

        return new PurchaseEstimate(points, tier?.Name, multiplier, campaigns, stamps,
            rules.DiscountOn(sample.Amount),
            limits.PendingUntil(sample.At),
            null);
    }

    private static PurchaseEstimate Declined(string why) => new(0, null, 1m, [], new Dictionary<string, int>(), 0m, null, why);
}

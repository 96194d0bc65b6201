namespace RetentionActors.Domain.Mechanics;

public enum CampaignEffect
{
    CategoryMultiplier = 1,
    SpendBonus = 2,
    Gift = 3,
}

/// <summary>A time-boxed promotion; <see cref="Wanted"/> says what a sale would get before the budget has its say.</summary>
public sealed record CampaignRule(string Id, string Name, CampaignEffect Effect, DateTimeOffset Starts, DateTimeOffset Ends,
    string? Category, decimal Multiplier, decimal Threshold, long BonusPoints, string? Gift, long Budget, string? MinimumTier)
{
    /// <summary>Percent of reached customers held out (see <see cref="Uplift.Holdout"/>); 0 holds out nobody.</summary>
    public int HoldoutPercent { get; init; }

    /// <summary>The action id its holdout groups are recorded and measured under.</summary>
    public string HoldoutAction => ActionId(Id);

    public static string ActionId(string campaignId) => "campaign:" + campaignId;

    public bool RunsAt(DateTimeOffset at) => Runs(Starts, Ends, at);

    /// <summary>
    /// Whether a campaign from <paramref name="starts"/> (included) to <paramref name="ends"/> (excluded) runs at
    /// <paramref name="at"/>: the one rule for the grain's bonus and the till's offers, so they never disagree at the edges.
    /// </summary>
    public static bool Runs(DateTimeOffset starts, DateTimeOffset ends, DateTimeOffset at) => at >= starts && at < ends;

    /// <summary>Points (or, for a gift campaign, 1 gift) this sale would get; 0 when it does not qualify.</summary>
    public long Wanted(decimal total, IEnumerable<(string? Category, decimal Amount)> lines, decimal pointsPerCurrencyUnit) => Effect switch
    {
        CampaignEffect.CategoryMultiplier => (long)decimal.Floor(
            lines.Where(l => string.Equals(l.Category, Category, StringComparison.OrdinalIgnoreCase)).Sum(l => l.Amount) * (Multiplier - 1m) * pointsPerCurrencyUnit),
        CampaignEffect.SpendBonus => total >= Threshold ? BonusPoints : 0,
        _ => total >= Threshold ? 1 : 0,
    };
}

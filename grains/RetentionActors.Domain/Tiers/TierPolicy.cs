namespace RetentionActors.Domain.Tiers;

/// <summary>
/// Tiers by rolling 12-month spend. A purchase that qualifies for a higher tier upgrades at once (and
/// earns at the new tier's rate); a tier goes down only at a review, every <see cref="ReviewMonths"/>.
/// </summary>
public sealed class TierPolicy(IReadOnlyList<Tier> tiers, int reviewMonths)
{
    public static readonly TierPolicy None = new([], 12);

    /// <summary>Lowest first.</summary>
    public IReadOnlyList<Tier> Tiers { get; } = [.. tiers.OrderBy(t => t.MinimumSpend)];

    public int ReviewMonths { get; } = reviewMonths;

    public bool IsEnabled => Tiers.Count > 0;

    public Tier? Find(string? name) => Tiers.FirstOrDefault(t => t.Name == name);

    public Tier? Qualifying(decimal rollingSpend) => Tiers.LastOrDefault(t => t.MinimumSpend <= rollingSpend) ?? Tiers.FirstOrDefault();

    public Tier? Above(string? name) => Tiers.SkipWhile(t => t.Name != name).Skip(1).FirstOrDefault() ?? (Find(name) is null ? Tiers.FirstOrDefault() : null);

    /// <summary>The standing after a purchase that brings the rolling spend to <paramref name="rollingSpend"/> at <paramref name="at"/>.</summary>
    public (TierStanding? Standing, bool Upgraded) AfterPurchase(TierStanding? current, decimal rollingSpend, DateTimeOffset at)
    {
        if (!IsEnabled || Qualifying(rollingSpend) is not { } qualifying)
        {
            return (current, false);
        }
        if (current is null || Rank(qualifying.Name) > Rank(current.Tier))
        {
            var upgraded = current is not null || Rank(qualifying.Name) > 0;
            return (new TierStanding(qualifying.Name, at, at.AddMonths(ReviewMonths)), upgraded);
        }
        return (current, false);
    }

    /// <summary>At or after the review date, the tier becomes what the rolling spend earns now (up or down).</summary>
    public TierStanding? Review(TierStanding? current, decimal rollingSpend, DateTimeOffset now)
    {
        if (!IsEnabled || current is null || now < current.ReviewAt || Qualifying(rollingSpend) is not { } qualifying)
        {
            return current;
        }
        var reviewAt = current.ReviewAt;
        while (reviewAt <= now)
        {
            reviewAt = reviewAt.AddMonths(ReviewMonths);
        }
        return qualifying.Name == current.Tier
            ? current with { ReviewAt = reviewAt }
            : new TierStanding(qualifying.Name, now, reviewAt);
    }

    /// <summary>
    /// Where a customer stands, for their summary: the tier held (the lowest when none is recorded), the next one up, and
    /// the rolling spend still missing to reach it (null at the top).
    /// </summary>
    public (Tier? Current, Tier? Next, decimal? SpendToNext) Progress(TierStanding? standing, decimal rollingSpend)
    {
        var current = Find(standing?.Tier) ?? Qualifying(0m);
        var next = Above(current?.Name);
        return (current, next, next is null ? null : Math.Max(0m, next.MinimumSpend - rollingSpend));
    }

    /// <summary>Whether <paramref name="tier"/> is <paramref name="minimum"/> or above (always, when there is no minimum).</summary>
    public bool IsAtLeast(string? tier, string? minimum) => minimum is null || (tier is not null && Rank(tier) >= Rank(minimum) && Rank(minimum) >= 0);

    private int Rank(string name) => Tiers.Select((t, i) => (t, i)).FirstOrDefault(x => x.t.Name == name, (null!, -1)).Item2;
}

namespace RetentionActors.Domain.Tiers;

/// <summary>A tier reached at a rolling 12-month spend of <see cref="MinimumSpend"/>, multiplying earned points.</summary>
public sealed record Tier(string Name, decimal MinimumSpend, decimal EarnMultiplier);

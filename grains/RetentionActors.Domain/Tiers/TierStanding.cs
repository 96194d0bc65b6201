namespace RetentionActors.Domain.Tiers;

/// <summary>The tier a customer holds, since when, and when it is next reviewed (the only time it can go down).</summary>
public sealed record TierStanding(string Tier, DateTimeOffset Since, DateTimeOffset ReviewAt);

namespace RetentionActors.Contracts.Program;

/// <summary>
/// A tier (Member, Silver, Gold, VIP…): reached when the rolling 12-month spend is at least
/// <see cref="MinimumSpend"/>; its <see cref="EarnMultiplier"/> scales every point earned.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Program.TierSettings")]
public sealed record TierSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] decimal MinimumSpend,
    [property: Id(2)] decimal EarnMultiplier);

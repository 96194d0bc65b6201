namespace RetentionActors.Contracts.Program;

/// <summary>What a campaign gives.</summary>
public enum CampaignKind
{
    /// <summary>Lines in <c>Category</c> earn <c>Multiplier</c> times the points.</summary>
    CategoryMultiplier = 1,
    /// <summary>A purchase of at least <c>Threshold</c> earns <c>BonusPoints</c>.</summary>
    SpendBonus = 2,
    /// <summary>A purchase of at least <c>Threshold</c> earns a gift (a free-item coupon) while stock lasts.</summary>
    Gift = 3,
}

/// <summary>
/// A time-boxed promotion in [<see cref="Starts"/>, <see cref="Ends"/>), with a points budget or a gift
/// stock; when that runs out the campaign closes itself and no purchase is promised more.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Program.CampaignSettings")]
public sealed record CampaignSettings(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] CampaignKind Kind,
    [property: Id(3)] DateTimeOffset Starts,
    [property: Id(4)] DateTimeOffset Ends)
{
    [Id(5)] public string? Category { get; init; }
    [Id(6)] public decimal Multiplier { get; init; } = 1m;
    [Id(7)] public decimal Threshold { get; init; }
    [Id(8)] public long BonusPoints { get; init; }
    [Id(9)] public string? Gift { get; init; }
    /// <summary>Points the campaign may give in all (multiplier and spend-bonus campaigns).</summary>
    [Id(10)] public long PointsBudget { get; init; }
    /// <summary>Gifts the campaign may give in all (gift campaigns).</summary>
    [Id(11)] public int GiftStock { get; init; }
    /// <summary>Only customers of this tier or above take part; null for everyone.</summary>
    [Id(12)] public string? MinimumTier { get; init; }
    /// <summary>
    /// Percent (0 to 90) of the customers the campaign reaches that it holds out: they get nothing from it, and are
    /// recorded so its uplift can be measured (GET /api/campaigns/{id}/uplift). Default 0: everyone takes part.
    /// </summary>
    [Id(13)] public int HoldoutPercent { get; init; }
}

namespace RetentionActors.Contracts.Program;

/// <summary>A catalogue reward priced in points: a free product, or a fixed discount of <see cref="Value"/>.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Program.RewardSettings")]
public sealed record RewardSettings(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] long PointsCost,
    [property: Id(3)] Coupons.CouponKind Kind,
    [property: Id(4)] decimal Value);

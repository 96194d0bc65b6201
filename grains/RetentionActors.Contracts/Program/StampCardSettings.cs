namespace RetentionActors.Contracts.Program;

/// <summary>
/// "Buy <see cref="StampsNeeded"/> − 1, the next is free": each unit of a line matching <see cref="Sku"/>
/// or <see cref="Category"/> earns a stamp; at <see cref="StampsNeeded"/> a free-item coupon is issued
/// and stamps beyond it roll over.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Program.StampCardSettings")]
public sealed record StampCardSettings(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Sku,
    [property: Id(3)] string? Category,
    [property: Id(4)] int StampsNeeded,
    [property: Id(5)] string Reward);

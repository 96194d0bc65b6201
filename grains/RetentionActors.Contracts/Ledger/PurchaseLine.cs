namespace RetentionActors.Contracts.Ledger;

/// <summary>One receipt line. <see cref="Amount"/> is what the line cost after line discounts.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.PurchaseLine")]
public sealed record PurchaseLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string? Category,
    [property: Id(2)] decimal Quantity,
    [property: Id(3)] decimal Amount);

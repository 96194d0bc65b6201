namespace RetentionActors.Domain.Preview;

/// <summary>
/// A purchase to preview under draft rules: its amount, when it happens (which campaigns run), the buyer's tier
/// (null: the tier this purchase alone reaches, as for a new customer) and its lines.
/// </summary>
public sealed record SamplePurchase(decimal Amount, DateTimeOffset At, string? Tier, IReadOnlyList<SampleLine> Lines);

/// <summary>A line of a sample purchase: what it is (sku, category), what it cost and how many units (stamps count units).</summary>
public sealed record SampleLine(string? Sku, string? Category, decimal Amount, decimal Quantity);

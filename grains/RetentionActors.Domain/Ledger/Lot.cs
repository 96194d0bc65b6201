namespace RetentionActors.Domain.Ledger;

/// <summary>Points earned by one entry, and how many of them are still unspent. Only purchase lots can be pending.</summary>
public sealed record Lot(long Seq, DateTimeOffset EarnedAt, long Points, long Remaining, bool FromPurchase = false);

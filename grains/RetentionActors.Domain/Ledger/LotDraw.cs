namespace RetentionActors.Domain.Ledger;

/// <summary>Points an entry took from one lot (the lot is named by the sequence number of the entry that earned it).</summary>
public readonly record struct LotDraw(long LotSeq, long Points);

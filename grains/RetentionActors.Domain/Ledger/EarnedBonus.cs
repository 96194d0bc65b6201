namespace RetentionActors.Domain.Ledger;

/// <summary>A campaign bonus a purchase earned: its reason, its points and the sequence number of its entry (its lot).</summary>
public sealed record EarnedBonus(string Reason, long Points, long Seq);

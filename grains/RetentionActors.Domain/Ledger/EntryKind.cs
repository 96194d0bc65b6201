namespace RetentionActors.Domain.Ledger;

/// <summary>What a ledger entry records. Values are stored; never renumber.</summary>
public enum EntryKind
{
    Purchase = 1,
    Redemption = 2,
    Refund = 3,
    RedemptionReturn = 4,
    Adjustment = 5,
    Expiry = 6,
    Bonus = 7,
    /// <summary>A return taking back its share of a campaign bonus the returned purchase earned.</summary>
    BonusReversal = 8,
}

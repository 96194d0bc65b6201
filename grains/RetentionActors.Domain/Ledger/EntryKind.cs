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
    /// <summary>A redemption made offline under a signed allowance: it takes what the spendable balance covers and owes the rest (<see cref="LedgerEntry.Debt"/>).</summary>
    OfflineRedemption = 9,
    /// <summary>Points of a purchase taken, as they are earned, to pay back debt.</summary>
    DebtRecovery = 10,
}

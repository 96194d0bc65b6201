namespace RetentionActors.Contracts.Ledger;

/// <summary>What a ledger entry records.</summary>
public enum LedgerEntryKind
{
    /// <summary>A purchase and the points it earned (possibly none).</summary>
    Purchase = 1,
    /// <summary>Points spent at the till.</summary>
    Redemption = 2,
    /// <summary>A return: the earned points it takes back.</summary>
    Refund = 3,
    /// <summary>A return giving back points that the returned purchase had redeemed.</summary>
    RedemptionReturn = 4,
    /// <summary>A manual correction by an operator.</summary>
    Adjustment = 5,
    /// <summary>Points that reached their expiry date.</summary>
    Expiry = 6,
    /// <summary>Points given by a mechanic (campaign, referral, birthday); the reason says which.</summary>
    Bonus = 7,
    /// <summary>A return taking back its share of a campaign bonus the returned purchase earned; the reason names the campaign.</summary>
    BonusReversal = 8,
    /// <summary>
    /// A redemption a till made offline under a signed allowance, replayed later: <see cref="LedgerEntry.Points"/> is what the
    /// spendable balance covered, <see cref="LedgerEntry.Debt"/> the shortfall the customer now owes.
    /// </summary>
    OfflineRedemption = 9,
    /// <summary>Points of a purchase taken, as they were earned, to pay back an offline redemption's debt.</summary>
    DebtRecovery = 10,
}

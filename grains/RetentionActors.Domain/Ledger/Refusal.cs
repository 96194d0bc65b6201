namespace RetentionActors.Domain.Ledger;

/// <summary>Why the ledger refuses a change.</summary>
public enum Refusal
{
    None = 0,
    InsufficientPoints,
    UnknownReceipt,
    RefundExceedsPurchase,
    /// <summary>A return names its purchase by store and receipt only, and more than one purchase has them.</summary>
    AmbiguousReceipt,
    /// <summary>An offline redemption would pass what its allowance lets the card redeem that day at that till.</summary>
    AboveOfflineAllowance,
}

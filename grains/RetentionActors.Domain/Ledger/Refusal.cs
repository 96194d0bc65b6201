namespace RetentionActors.Domain.Ledger;

/// <summary>Why the ledger refuses a change.</summary>
public enum Refusal
{
    None = 0,
    InsufficientPoints,
    UnknownReceipt,
    RefundExceedsPurchase,
}

namespace RetentionActors.Domain.Ledger;

/// <summary>A receipt earns for one customer: what the refusal says, without naming the customer it belongs to.</summary>
public static class ReceiptOwnership
{
    public static string OfAnotherCustomer(string receiptKey) =>
        $"Receipt {receiptKey} is already recorded for another customer; a receipt earns for one customer only.";
}

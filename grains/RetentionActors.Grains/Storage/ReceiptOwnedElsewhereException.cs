namespace RetentionActors.Grains.Storage;

/// <summary>
/// A commit claimed a receipt (<see cref="CustomerCommit.Receipt"/>) that is already another customer's: nothing of the
/// commit was written. The customer grain answers the call that claimed it with a decline; the owner is not named.
/// </summary>
public sealed class ReceiptOwnedElsewhereException(string receipt)
    : Exception($"Receipt {receipt} is already recorded for another customer.")
{
    public string Receipt { get; } = receipt;
}

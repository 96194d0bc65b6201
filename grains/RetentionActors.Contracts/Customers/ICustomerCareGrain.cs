using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Contracts.Customers;

/// <summary>
/// What customer care and the back office do to a customer beyond a sale: read the ledger, move points by hand,
/// erase personal data. Only the silo's own endpoints call it; no terminal may.
/// </summary>
[Alias("RetentionActors.Contracts.Customers.ICustomerCareGrain")]
public interface ICustomerCareGrain : ICustomerSummaryGrain
{
    /// <summary>Ledger entries after sequence number <paramref name="afterSeq"/>, oldest first, at most <paramref name="take"/>.</summary>
    [Alias("GetLedgerAsync")]
    Task<IReadOnlyList<LedgerEntry>> GetLedgerAsync(long afterSeq = 0, int take = 100);

    /// <summary>Moves points by hand, with a reason and the operator's id. The same reference twice moves them once.</summary>
    [Alias("AdjustAsync")]
    Task<AdjustmentResult> AdjustAsync(Adjustment adjustment);

    /// <summary>
    /// GDPR erasure: the profile is replaced by a pseudonym (no name, e-mail, phone, birthday or consent),
    /// while the ledger keeps its amounts for accounting. Erasing again changes nothing. Null when not enrolled.
    /// </summary>
    [Alias("ErasePersonalDataAsync")]
    Task<CustomerSummary?> ErasePersonalDataAsync();
}

namespace RetentionActors.Grains.Storage;

/// <summary>A customer as loaded from storage.</summary>
public sealed record StoredCustomer(
    CustomerDocument Document,
    IReadOnlyList<Domain.Ledger.LedgerEntry> Entries,
    IReadOnlyCollection<string> OperationKeys)
{
    /// <summary>What the maintenance sweeps look for in this customer, as stored.</summary>
    public MaintenanceDue Due { get; init; } = MaintenanceDue.Nothing;
}

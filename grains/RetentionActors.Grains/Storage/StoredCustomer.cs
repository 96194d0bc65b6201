namespace RetentionActors.Grains.Storage;

/// <summary>
/// A customer as loaded from storage: with a <see cref="Snapshot"/>, <see cref="Entries"/> are the ledger after it and
/// <see cref="OperationKeys"/> the recent keys only (those recorded since <see cref="OperationKeysSince"/>); without one,
/// the whole ledger and every key.
/// </summary>
public sealed record StoredCustomer(
    CustomerDocument Document,
    IReadOnlyList<Domain.Ledger.LedgerEntry> Entries,
    IReadOnlyCollection<string> OperationKeys)
{
    /// <summary>What the maintenance sweeps look for in this customer, as stored.</summary>
    public MaintenanceDue Due { get; init; } = MaintenanceDue.Nothing;

    /// <summary>The latest snapshot of the customer's account; null when none was written yet (the whole ledger is in <see cref="Entries"/>).</summary>
    public Domain.Ledger.AccountSnapshot? Snapshot { get; init; }

    /// <summary>With a snapshot: the entries it covers that concern the receipts <see cref="Entries"/> name (see <see cref="Domain.Ledger.PointsAccount.Restore"/>).</summary>
    public IReadOnlyList<Domain.Ledger.LedgerEntry> EarlierEntries { get; init; } = [];

    /// <summary>When only recent operation keys were loaded: keys recorded before this may be done without being in <see cref="OperationKeys"/>. Null: all were.</summary>
    public DateTimeOffset? OperationKeysSince { get; init; }
}

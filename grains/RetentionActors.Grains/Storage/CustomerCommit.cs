using RetentionActors.Grains.Audit;

namespace RetentionActors.Grains.Storage;

/// <summary>
/// One atomic write for a customer: a new document version (when it changed), ledger entries that
/// continue the sequence, and the operation key with its answer (when it was a keyed operation).
/// </summary>
public sealed record CustomerCommit(
    string CustomerId,
    CustomerDocument? Document,
    IReadOnlyList<Domain.Ledger.LedgerEntry> Entries,
    string? OperationKey,
    OperationAnswer? Answer)
{
    /// <summary>The audit row of the back-office operation this commit carries out, written in the same transaction.</summary>
    public AuditRecord? Audit { get; init; }

    /// <summary>
    /// The receipt (<c>store/till/yyyy-MM-dd/receipt</c>) a till operation books: the store records it as this customer's,
    /// and refuses the commit with <see cref="ReceiptOwnedElsewhereException"/> when it is already another customer's.
    /// </summary>
    public string? Receipt { get; init; }

    /// <summary>Set when the commit erases the customer's personal data: the free text about them goes in the same transaction.</summary>
    public PersonalDataErasure? Erasure { get; init; }

    /// <summary>The events this commit reports (see <see cref="Events.CustomerEvents"/>), written to the outbox in the same transaction.</summary>
    public IReadOnlyList<Events.OutboxEvent> Events { get; init; } = [];

    /// <summary>The customer's groups in targeted actions this commit decided (a campaign's holdout), recorded in the same transaction.</summary>
    public IReadOnlyList<HoldoutAssignment> Assignments { get; init; } = [];

    /// <summary>When it changed: what the maintenance sweeps look for in this customer from now on, in the same transaction.</summary>
    public MaintenanceDue? Due { get; init; }

    /// <summary>When set: the account as of this commit's last entry, stored in the same transaction for later activations to start from.</summary>
    public Domain.Ledger.AccountSnapshot? Snapshot { get; init; }
}

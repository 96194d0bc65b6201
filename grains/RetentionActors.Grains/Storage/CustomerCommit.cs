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
    string? ResultJson);

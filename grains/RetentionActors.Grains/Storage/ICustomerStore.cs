namespace RetentionActors.Grains.Storage;

/// <summary>
/// Durable home of customers and their ledgers. A commit is atomic (document, entries and the
/// operation's answer together) and has completed only once it is durable. Implementations refuse
/// a commit that would overwrite another writer's work with <see cref="ConcurrentUpdateException"/>.
/// </summary>
public interface ICustomerStore
{
    /// <summary>
    /// The customer with their account's latest snapshot, the ledger after it and the operation keys recorded recently (or,
    /// without a snapshot, the whole ledger and every key); null when never enrolled. See <see cref="StoredCustomer"/>.
    /// </summary>
    Task<StoredCustomer?> LoadAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>Writes the commits in order, all or none.</summary>
    Task CommitAsync(IReadOnlyList<CustomerCommit> commits, CancellationToken cancellationToken = default);

    Task CommitAsync(CustomerCommit commit, CancellationToken cancellationToken = default) => CommitAsync([commit], cancellationToken);

    /// <summary>
    /// The answer given to a completed operation, read as an answer of <paramref name="kind"/> (what the caller's operation
    /// answers: answers stored before formats had versions do not say their kind); null when the operation was not done.
    /// </summary>
    Task<OperationAnswer?> ReadOperationAnswerAsync(string customerId, string operationKey, AnswerKind kind, CancellationToken cancellationToken = default);

    /// <summary>The customer a receipt (<c>store/till/yyyy-MM-dd/receipt</c>) was booked for; null when it never was.</summary>
    Task<string?> ReceiptOwnerAsync(string receiptKey, CancellationToken cancellationToken = default);

    /// <summary>Ledger entries with a sequence number above <paramref name="afterSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<Domain.Ledger.LedgerEntry>> ReadLedgerAsync(string customerId, long afterSeq, int take, CancellationToken cancellationToken = default);
}

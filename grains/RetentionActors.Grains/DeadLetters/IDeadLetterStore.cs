using RetentionActors.Contracts.DeadLetters;

namespace RetentionActors.Grains.DeadLetters;

/// <summary>
/// The dead letters tills report, in the cluster's database, one per store + till + business day + receipt. Only
/// the till's <see cref="IDeadLetterGrain"/> writes a till's letters; the back office reads them per store.
/// </summary>
public interface IDeadLetterStore
{
    /// <summary>
    /// Records <paramref name="letter"/> unless its till already reported that receipt; an open letter reported
    /// again takes the new reason, message and attempts. Returns the letter as stored.
    /// </summary>
    Task<DeadLetter> AddOrRefreshAsync(DeadLetter letter, CancellationToken cancellationToken = default);

    Task<DeadLetter?> FindAsync(string storeId, string terminalId, DeadLetterReceipt receipt, CancellationToken cancellationToken = default);

    /// <summary>The till's letters the back office has booked or dismissed, of business days from <paramref name="fromDay"/> on.</summary>
    Task<IReadOnlyList<DeadLetter>> ResolvedAsync(string storeId, string terminalId, DateOnly fromDay, CancellationToken cancellationToken = default);

    /// <summary>A store's letters (every store's with null), oldest first, all or only those in <paramref name="status"/>.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? storeId, DeadLetterStatus? status, int take, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes what a retry or dismissal changed (status, correction, resolution, reason) if the letter is still in
    /// <paramref name="expected"/>; false when it moved on meanwhile.
    /// </summary>
    Task<bool> UpdateAsync(DeadLetter letter, DeadLetterStatus expected, CancellationToken cancellationToken = default);
}

namespace RetentionActors.Storage.Analytics;

/// <summary>Customers who stopped buying, sorted and paged by the database.</summary>
public interface IDormantCustomers
{
    /// <summary>
    /// The customers whose last purchase is before <paramref name="cutoff"/>, in <paramref name="order"/>, skipping
    /// <paramref name="skip"/> and answering at most <paramref name="take"/>; days since counted to <paramref name="now"/>.
    /// The database still reads the skipped rows: deep pages go by <see cref="PageAfterAsync"/>.
    /// </summary>
    Task<IReadOnlyList<DormantCustomer>> PageAsync(DateTimeOffset cutoff, DateTimeOffset now, DormantOrder order, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same list from just after <paramref name="after"/> (from its start when null), at most <paramref name="take"/>,
    /// sought in the sort key's index: a deep page reads no more rows than the first.
    /// </summary>
    Task<DormantPage> PageAfterAsync(DateTimeOffset cutoff, DateTimeOffset now, DormantOrder order, DormantCursor? after, int take, CancellationToken cancellationToken = default);
}

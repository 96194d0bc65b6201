namespace RetentionActors.Storage.Analytics;

/// <summary>Customers who stopped buying, sorted and paged by the database.</summary>
public interface IDormantCustomers
{
    /// <summary>
    /// The customers whose last purchase is before <paramref name="cutoff"/>, in <paramref name="order"/>, skipping
    /// <paramref name="skip"/> and answering at most <paramref name="take"/>; days since counted to <paramref name="now"/>.
    /// </summary>
    Task<IReadOnlyList<DormantCustomer>> PageAsync(DateTimeOffset cutoff, DateTimeOffset now, DormantOrder order, int skip, int take, CancellationToken cancellationToken = default);
}

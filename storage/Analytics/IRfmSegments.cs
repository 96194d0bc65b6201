namespace RetentionActors.Storage.Analytics;

/// <summary>
/// RFM: each buying customer gets a 1–5 quintile score for recency (5 = most recent), frequency and monetary value, and a
/// named segment from the R and F scores. Quintiles are rank-based, ties sharing the lower rank, so equal values always
/// get the same score: score = 1 + (number of buyers with a lower value) × 5 / (number of buyers).
/// </summary>
public interface IRfmSegments
{
    /// <summary>Every segment name, in the order the rules are tried.</summary>
    IReadOnlyList<string> SegmentNames { get; }

    /// <summary>The segment counts and, one row at a time, every scored customer, from one snapshot. Dispose it when done.</summary>
    Task<RfmReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The customers of each segment that has any, largest first. One pass over the buyers; no row per buyer.</summary>
    Task<IReadOnlyList<RfmSegmentCount>> CountsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A segment's customers with their scores, by customer id, those after <paramref name="after"/> (from the first when
    /// null), at most <paramref name="take"/>; recency counted to <paramref name="now"/>.
    /// </summary>
    Task<IReadOnlyList<RfmCustomer>> SegmentPageAsync(string segment, string? after, int take, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The ids of a segment's customers, by customer id, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<string>> MembersAsync(string segment, int take, CancellationToken cancellationToken = default);
}

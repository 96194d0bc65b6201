using RetentionActors.Storage.Analytics;

namespace RetentionActors.Silo.Reports;

/// <summary>
/// RFM as of <see cref="AsOf"/>: the segment counts, and every buying customer with their scores (see
/// <see cref="IRfmSegments"/>), streamed into the response as the database hands them over.
/// </summary>
public sealed record RfmReport(DateTimeOffset AsOf, IReadOnlyList<RfmSegmentCount> Segments, IAsyncEnumerable<RfmCustomer> Customers);

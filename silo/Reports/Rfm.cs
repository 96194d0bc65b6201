using RetentionActors.Storage.Analytics;

namespace RetentionActors.Silo.Reports;

/// <summary>
/// RFM as of <see cref="AsOf"/>: how many buying customers each segment has (see <see cref="IRfmSegments"/>). The customers
/// themselves come a page of one segment at a time (<see cref="RfmSegmentPage"/>), or all of them in rfm.csv.
/// </summary>
public sealed record RfmReport(DateTimeOffset AsOf, IReadOnlyList<RfmSegmentCount> Segments);

/// <summary>
/// A page of one segment's customers, by customer id, with their scores as of <see cref="AsOf"/>; <see cref="Next"/> is
/// the <c>after</c> of the next page, null when this one is the last.
/// </summary>
public sealed record RfmSegmentPage(DateTimeOffset AsOf, string Segment, IReadOnlyList<RfmCustomer> Customers, string? Next);

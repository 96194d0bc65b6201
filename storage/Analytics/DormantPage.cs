namespace RetentionActors.Storage.Analytics;

/// <summary>A page of the dormant list, and where the next one starts (null when this page is the last).</summary>
public sealed record DormantPage(IReadOnlyList<DormantCustomer> Customers, DormantCursor? Next);

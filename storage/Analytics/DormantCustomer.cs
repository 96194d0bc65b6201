namespace RetentionActors.Storage.Analytics;

/// <summary>A customer whose last purchase is older than the cutoff, with lifetime figures (net spend: purchases less refunds).</summary>
public sealed record DormantCustomer(string CustomerId, string DisplayName, DateTimeOffset LastPurchase, int DaysSince, int Purchases, decimal LifetimeSpend);

/// <summary>The order of the dormant list; ties by customer id.</summary>
public enum DormantOrder
{
    /// <summary>Highest lifetime spend first.</summary>
    Spend,

    /// <summary>Longest dormant first.</summary>
    Recency,
}

namespace RetentionActors.Grains.Maintenance;

/// <summary>How customers' maintenance is found and run (<see cref="MaintenanceSweepGrain"/>).</summary>
public sealed class MaintenanceSweepOptions
{
    /// <summary>
    /// How many sweep buckets (and reminders) customers are split into, 1 to <see cref="MaintenanceSlots.Count"/>.
    /// Default: 64.
    /// </summary>
    public int Buckets { get; set; } = 64;

    /// <summary>
    /// How often each bucket is swept; buckets start at offsets spread over it. A customer's expiry, tier review or
    /// birthday bonus happens within about one period of becoming due. Default: 1 hour.
    /// </summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many customers of one bucket are maintained at once. Default: 8.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How many due customers one query returns. Default: 200.</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>What is wrong with these settings; null when nothing is.</summary>
    public string? Problem() =>
        Buckets is < 1 or > MaintenanceSlots.Count ? $"Maintenance:Buckets must be between 1 and {MaintenanceSlots.Count}; it is {Buckets}."
        : Period < TimeSpan.FromSeconds(1) || Period > TimeSpan.FromDays(1) ? $"Maintenance:Period must be between 1 second and 1 day; it is {Period}."
        : Concurrency is < 1 or > 256 ? $"Maintenance:Concurrency must be between 1 and 256; it is {Concurrency}."
        : PageSize is < 1 or > 10_000 ? $"Maintenance:PageSize must be between 1 and 10000; it is {PageSize}."
        : null;
}

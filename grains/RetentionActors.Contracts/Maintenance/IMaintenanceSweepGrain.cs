namespace RetentionActors.Contracts.Maintenance;

/// <summary>
/// One bucket of customers (keyed by its number, 0 to the number of buckets − 1): finds who in it has maintenance due
/// (points to expire, a tier review, a birthday bonus) and runs each one's maintenance. One reminder per bucket runs it.
/// </summary>
[Alias("RetentionActors.Contracts.Maintenance.IMaintenanceSweepGrain")]
public interface IMaintenanceSweepGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Registers the bucket's reminder when it has none (or one of another period), at the bucket's own offset in the
    /// period, so buckets are spread over it. Calling it again changes nothing.
    /// </summary>
    [Alias("EnsureScheduledAsync")]
    Task EnsureScheduledAsync();

    /// <summary>
    /// Sweeps the bucket now, or joins the sweep already running, and returns what that sweep did. A customer whose
    /// maintenance failed stays due and is found again by the next sweep; one already done is not found again.
    /// </summary>
    [Alias("SweepAsync")]
    Task<SweepResult> SweepAsync();
}

/// <summary>What a sweep did: the customers whose maintenance ran, and those whose maintenance failed (tried again next time).</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Maintenance.SweepResult")]
public sealed record SweepResult([property: Id(0)] int Maintained, [property: Id(1)] int Failed);

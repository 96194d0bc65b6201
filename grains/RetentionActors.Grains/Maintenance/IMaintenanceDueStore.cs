namespace RetentionActors.Grains.Maintenance;

/// <summary>
/// Who in one slot has maintenance due, found from the indexed columns written with each customer
/// (<see cref="Storage.MaintenanceDue"/>). Pages are ordered and continue after the last one returned, so a customer that
/// stays due (its maintenance failed) does not hold a sweep in a loop.
/// </summary>
public interface IMaintenanceDueStore
{
    /// <summary>Customers whose <paramref name="reason"/> came at or before <paramref name="now"/>, by that time, then id.</summary>
    Task<IReadOnlyList<DueCustomer>> DueAsync(DueReason reason, int slot, DateTimeOffset now, DueCustomer? after, int take, CancellationToken cancellationToken = default);

    /// <summary>
    /// Customers born on <paramref name="birthday"/> (month × 100 + day) without the operation <paramref name="bonusKey"/>
    /// (the year's birthday bonus), by id.
    /// </summary>
    Task<IReadOnlyList<string>> BirthdaysAsync(int slot, int birthday, string bonusKey, string? after, int take, CancellationToken cancellationToken = default);
}

/// <summary>The time-driven reasons a customer is due.</summary>
public enum DueReason
{
    PointsExpiry,
    TierReview,
}

/// <summary>A due customer and when it became due.</summary>
public sealed record DueCustomer(string CustomerId, DateTimeOffset At);

namespace RetentionActors.Storage.Analytics;

/// <summary>Retention figures and cohorts, computed from the ledger in the database.</summary>
public interface IRetentionFigures
{
    /// <summary>The figures of the period [<paramref name="from"/>, <paramref name="to"/>), active customers being those who bought in the <paramref name="windowDays"/> before an instant.</summary>
    Task<RetentionReport> RetentionAsync(DateOnly from, DateOnly to, int windowDays, decimal? marketingSpend, CancellationToken cancellationToken = default);

    /// <summary>The figures of each calendar month from the one <paramref name="from"/> falls in to the last one starting before <paramref name="to"/>.</summary>
    Task<IReadOnlyList<RetentionPoint>> MonthlyAsync(DateOnly from, DateOnly to, int windowDays, CancellationToken cancellationToken = default);

    /// <summary>Monthly cohorts by first purchase month in [from, to), and the share of each that bought in each later month up to <paramref name="to"/>.</summary>
    Task<IReadOnlyList<CohortRow>> CohortsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}

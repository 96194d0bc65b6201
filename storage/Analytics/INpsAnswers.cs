namespace RetentionActors.Storage.Analytics;

/// <summary>Recommendation answers counted by the database, month by month.</summary>
public interface INpsAnswers
{
    /// <summary>Each calendar month (UTC) with answers, oldest first.</summary>
    Task<IReadOnlyList<NpsMonthCount>> MonthsAsync(CancellationToken cancellationToken = default);
}

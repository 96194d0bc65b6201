using RetentionActors.Contracts.Program;
using RetentionActors.Domain.Liability;
using RetentionActors.Storage.Analytics;

namespace RetentionActors.Silo.Reports;

/// <summary>
/// The liability reports: the points figures come from the ledger (<see cref="SqlPointsLiability"/>), the pending days and
/// the value of a point from the version of the program in force at the time concerned.
/// </summary>
public sealed class PointsLiability(SqlPointsLiability ledger, IGrainFactory grains)
{
    /// <summary>One report per day in <paramref name="days"/>, each as of the end of that UTC day.</summary>
    public async Task<IReadOnlyList<LiabilityReport>> AsOfAsync(IReadOnlyList<DateOnly> days, CancellationToken cancellationToken)
    {
        var versions = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetHistoryAsync())
            .OrderBy(v => v.EffectiveFrom ?? DateTimeOffset.MinValue).ToList();
        // Before the first version its rules apply (as ProgramHistory.At does): its period starts at the beginning of time.
        var periods = versions.Select((v, i) => new PendingPeriod(i == 0 ? null : v.EffectiveFrom,
            i + 1 < versions.Count ? versions[i + 1].EffectiveFrom : null, v.Settings.PendingDays)).ToList();
        var figures = await ledger.AtAsync([.. days.Select(End)], periods, cancellationToken);
        return [.. days.Zip(figures, (day, points) => Report(day, points, versions.LastOrDefault(v => v.EffectiveFrom is not { } from || from < End(day), versions[0]).Settings))];
    }

    private static LiabilityReport Report(DateOnly day, LiabilityPoints points, ProgramSettings settings)
    {
        var value = settings.LiabilityValuePerPoint ?? settings.RedemptionValuePerPoint;
        return new LiabilityReport(day, settings.Currency, value,
            points.Spendable, points.Pending, points.Outstanding,
            PointValuation.Value(points.Spendable, value), PointValuation.Value(points.Pending, value), PointValuation.Value(points.Outstanding, value),
            day.AddDays(1).AddMonths(-12), points.Issued, points.Redeemed, points.Expired, points.Reversed,
            PointValuation.BreakagePercent(points.Expired, points.Issued));
    }

    // The end of a UTC day is the start of the next.
    private static DateTimeOffset End(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

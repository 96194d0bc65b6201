using RetentionActors.Storage.Analytics;

namespace RetentionActors.Silo.Reports;

/// <summary>NPS of one month: promoters (9–10) minus detractors (0–6), as a share of all answers, in percent.</summary>
public sealed record NpsMonth(DateOnly Month, int Answers, int Promoters, int Passives, int Detractors, double Nps);

/// <summary>All answers of the period, and month by month.</summary>
public sealed record NpsReport(int Answers, double? Nps, IReadOnlyList<NpsMonth> Months);

/// <summary>Net Promoter Score from the 0–10 answers kiosks and tills store with each customer, counted per month by the database.</summary>
public sealed class NetPromoterScore(INpsAnswers answers)
{
    public async Task<NpsReport> ReportAsync(CancellationToken cancellationToken)
    {
        var counts = await answers.MonthsAsync(cancellationToken);
        var months = counts.Select(m => Month(m.Month, m.Answers, m.Promoters, m.Detractors)).ToList();
        var total = Month(default, counts.Sum(m => m.Answers), counts.Sum(m => m.Promoters), counts.Sum(m => m.Detractors));
        return new NpsReport(total.Answers, total.Answers == 0 ? null : total.Nps, months);
    }

    private static NpsMonth Month(DateOnly month, int answers, int promoters, int detractors) =>
        new(month, answers, promoters, answers - promoters - detractors, detractors,
            answers == 0 ? 0 : Math.Round(100.0 * (promoters - detractors) / answers, 2));
}

using RetentionActors.Contracts.Customers;
using RetentionActors.Grains;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Api;

/// <summary>NPS of one month: promoters (9–10) minus detractors (0–6), as a share of all answers, in percent.</summary>
public sealed record NpsMonth(DateOnly Month, int Answers, int Promoters, int Passives, int Detractors, double Nps);

/// <summary>All answers of the period, and month by month.</summary>
public sealed record NpsReport(int Answers, double? Nps, IReadOnlyList<NpsMonth> Months);

/// <summary>Net Promoter Score from the 0–10 answers kiosks and tills store with each customer.</summary>
public sealed class NetPromoterScore(SqlDatabase database)
{
    public async Task<NpsReport> ReportAsync(CancellationToken cancellationToken)
    {
        var answers = new List<Feedback>();
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM customers";
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            answers.AddRange(StorageJson.Deserialize<CustomerDocument>(row.GetString(0)).Feedback);
        }
        var months = answers
            .GroupBy(a => new DateOnly(a.At.UtcDateTime.Year, a.At.UtcDateTime.Month, 1))
            .OrderBy(g => g.Key)
            .Select(g => Month(g.Key, [.. g]))
            .ToList();
        return new NpsReport(answers.Count, answers.Count == 0 ? null : Month(default, answers).Nps, months);
    }

    private static NpsMonth Month(DateOnly month, IReadOnlyList<Feedback> answers)
    {
        var promoters = answers.Count(a => a.Score >= 9);
        var detractors = answers.Count(a => a.Score <= 6);
        return new NpsMonth(month, answers.Count, promoters, answers.Count - promoters - detractors, detractors,
            Math.Round(100.0 * (promoters - detractors) / answers.Count, 2));
    }
}

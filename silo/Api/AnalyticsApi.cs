using RetentionActors.Contracts;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Storage.Analytics;

namespace RetentionActors.Silo.Api;

/// <summary>Retention analytics: the period's figures, retention month by month, monthly cohorts, RFM segments.</summary>
public static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/analytics/retention", RetentionAsync).WithSummary("Retention figures for the period [from, to), computed from the ledger.");
        api.MapGet("/analytics/retention/monthly", MonthlyAsync).WithSummary("Retention and churn of each calendar month in [from, to).");
        api.MapGet("/analytics/cohorts", CohortsAsync).WithSummary("Monthly first-purchase cohorts and the share that bought in each later month.");
        api.MapGet("/analytics/rfm", RfmAsync).WithSummary("RFM segments: recency, frequency and monetary quintiles with counts.");
        api.MapGet("/analytics/nps", NpsAsync).WithSummary("Net Promoter Score from the 0-10 answers given at kiosks and tills, overall and month by month.");
        return api;
    }

    private static async Task<Results<Ok<RetentionReport>, ValidationProblem>> RetentionAsync(
        string? from, string? to, int? windowDays, string? marketingSpend, IRetentionFigures analytics, CancellationToken cancellationToken)
    {
        if (Period(from, to) is not ({ } start, { } end))
        {
            return Problems.Invalid("from", "from and to are dates (YYYY-MM-DD) with from before to.");
        }
        if (windowDays is < 1 or > 3650)
        {
            return Problems.Invalid("windowDays", "windowDays is 1 to 3650.");
        }
        // Read as text, strictly: bound as a decimal, "1,5" was 15 (a thousands separator), ten times the spend.
        decimal? spend = null;
        if (marketingSpend is not null)
        {
            if (!decimal.TryParse(marketingSpend, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.Invalid("marketingSpend", "marketingSpend is a number that is not negative, with a decimal point and no thousands separators (1500.50).");
            }
            spend = parsed;
        }
        return TypedResults.Ok(await analytics.RetentionAsync(start, end, windowDays ?? 365, spend, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<RetentionPoint>>, ValidationProblem>> MonthlyAsync(
        string? from, string? to, int? windowDays, IRetentionFigures analytics, CancellationToken cancellationToken)
    {
        if (Period(from, to) is not ({ } start, { } end) || end.DayNumber - start.DayNumber > 3700)
        {
            return Problems.Invalid("from", "from and to are dates (YYYY-MM-DD), from before to, at most ten years apart.");
        }
        if (windowDays is < 1 or > 3650)
        {
            return Problems.Invalid("windowDays", "windowDays is 1 to 3650.");
        }
        return TypedResults.Ok(await analytics.MonthlyAsync(start, end, windowDays ?? 365, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<CohortRow>>, ValidationProblem>> CohortsAsync(
        string? from, string? to, IRetentionFigures analytics, CancellationToken cancellationToken)
    {
        if (Period(from, to) is not ({ } start, { } end) || end.DayNumber - start.DayNumber > 3700)
        {
            return Problems.Invalid("from", "from and to are dates (YYYY-MM-DD), from before to, at most ten years apart.");
        }
        return TypedResults.Ok(await analytics.CohortsAsync(start, end, cancellationToken));
    }

    private static async Task<Ok<RfmReport>> RfmAsync(IRfmSegments rfm, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var reading = await rfm.ReadAsync(now, cancellationToken);
        // The customers are read as the response is written; the reading's connection goes when the response is done.
        context.Response.RegisterForDisposeAsync(reading);
        return TypedResults.Ok(new RfmReport(now, reading.Segments, reading.Customers));
    }

    private static async Task<Ok<NpsReport>> NpsAsync(NetPromoterScore nps, CancellationToken cancellationToken) =>
        TypedResults.Ok(await nps.ReportAsync(cancellationToken));

    private static (DateOnly?, DateOnly?) Period(string? from, string? to)
    {
        if (DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            && start < end)
        {
            return (start, end);
        }
        return (null, null);
    }
}

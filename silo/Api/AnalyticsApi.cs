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
        api.MapGet("/analytics/rfm", RfmAsync).WithSummary("RFM segments: how many buying customers each segment has (recency, frequency and monetary quintiles).");
        api.MapGet("/analytics/rfm/segments/{segment}/customers", RfmSegmentAsync).WithSummary(
            $"One RFM segment's customers with their scores, by customer id: those after the customer id after (from the first without it), at most take (1 to {MostRfmPerPage}, default 100). next is the after of the next page, null on the last.");
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
        return TypedResults.Ok(await analytics.RetentionAsync(start, end, windowDays ?? SqlRetentionFigures.DefaultWindowDays, spend, cancellationToken));
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
        return TypedResults.Ok(await analytics.MonthlyAsync(start, end, windowDays ?? SqlRetentionFigures.DefaultWindowDays, cancellationToken));
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

    /// <summary>The most customers a page of an RFM segment holds.</summary>
    public const int MostRfmPerPage = 500;

    private static async Task<Ok<RfmReport>> RfmAsync(IRfmSegments rfm, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new RfmReport(now, await rfm.CountsAsync(cancellationToken)));
    }

    private static async Task<Results<Ok<RfmSegmentPage>, ValidationProblem>> RfmSegmentAsync(
        string segment, string? after, int? take, IRfmSegments rfm, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!rfm.SegmentNames.Contains(segment, StringComparer.Ordinal))
        {
            return Problems.Invalid("segment", $"segment is one of the RFM segments: {string.Join(", ", rfm.SegmentNames)}.");
        }
        if (after is not null && !IsId(after))
        {
            return Problems.Invalid("after", "after is the customer id of the previous page's last customer (its next): 1 to 64 letters, digits or . _ - : characters.");
        }
        if (take is < 1 or > MostRfmPerPage)
        {
            return Problems.Invalid("take", $"take is 1 to {MostRfmPerPage}: how many customers a page holds.");
        }
        var now = clock.GetUtcNow();
        var size = take ?? 100;
        var customers = await rfm.SegmentPageAsync(segment, after, size, now, cancellationToken);
        return TypedResults.Ok(new RfmSegmentPage(now, segment, customers, customers.Count < size ? null : customers[^1].CustomerId));
    }

    private static bool IsId(string value)
    {
        try
        {
            Require.Id(value, "after");
            return true;
        }
        catch (InvalidRequestException)
        {
            return false;
        }
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

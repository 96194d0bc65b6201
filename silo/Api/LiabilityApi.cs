using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RetentionActors.Silo.Api;

/// <summary>The points liability for finance: as of a day, month by month, and as CSV for accounting.</summary>
public static class LiabilityApi
{
    /// <summary>Ten years of month ends: enough for any audit, and bounded work per request.</summary>
    public const int MostMonths = 120;

    private const string CsvHeader =
        "as_of,currency,value_per_point,spendable_points,pending_points,outstanding_points,spendable_value,pending_value,outstanding_value,"
        + "window_from,issued_points,redeemed_points,expired_points,reversed_points,breakage_percent";

    public static RouteGroupBuilder MapLiabilityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/analytics/liability", AsOfAsync)
            .WithSummary("The points liability as of the end of a UTC day (default: today), from the ledger: spendable and pending points, their value, and the trailing 12 months' movements and breakage.");
        api.MapGet("/analytics/liability/monthly", MonthlyAsync)
            .WithSummary("The points liability at each month end from one month to another (yyyy-MM, default: the last 12 months); the current month as of today.");
        api.MapGet("/export/liability.csv", CsvAsync)
            .WithSummary("The monthly points liability as CSV (RFC 4180, header row), for accounting.");
        return api;
    }

    private static async Task<Results<Ok<LiabilityReport>, ValidationProblem>> AsOfAsync(
        string? asOf, PointsLiability liability, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = Today(clock);
        if (asOf is null)
        {
            return TypedResults.Ok((await liability.AsOfAsync([today], cancellationToken))[0]);
        }
        if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year < 2000 || day > today)
        {
            return Problems.Invalid("asOf", $"asOf is a date (YYYY-MM-DD) from 2000-01-01 to today ({Text(today)}).");
        }
        return TypedResults.Ok((await liability.AsOfAsync([day], cancellationToken))[0]);
    }

    private static async Task<Results<Ok<IReadOnlyList<LiabilityReport>>, ValidationProblem>> MonthlyAsync(
        string? from, string? to, PointsLiability liability, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (MonthEnds(from, to, Today(clock)) is not { } days)
        {
            return MonthsProblem(clock);
        }
        return TypedResults.Ok(await liability.AsOfAsync(days, cancellationToken));
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> CsvAsync(
        string? from, string? to, PointsLiability liability, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        if (MonthEnds(from, to, Today(clock)) is not { } days)
        {
            return MonthsProblem(clock);
        }
        var reports = await liability.AsOfAsync(days, cancellationToken);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=liability-{Text(days[0])[..7]}-to-{Text(days[^1])[..7]}.csv";
        // RFC 4180: CRLF after every record. Every field is a number, a date or a currency code, so none needs quoting.
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false)) { NewLine = "\r\n" };
        await writer.WriteLineAsync(CsvHeader);
        foreach (var r in reports)
        {
            await writer.WriteLineAsync(string.Join(',', Text(r.AsOf), r.Currency, Number(r.ValuePerPoint),
                Number(r.SpendablePoints), Number(r.PendingPoints), Number(r.OutstandingPoints),
                Number(r.SpendableValue), Number(r.PendingValue), Number(r.OutstandingValue), Text(r.WindowFrom),
                Number(r.IssuedPoints), Number(r.RedeemedPoints), Number(r.ExpiredPoints), Number(r.ReversedPoints),
                r.BreakagePercent is { } b ? Number(b) : ""));
        }
        return TypedResults.Empty;
    }

    /// <summary>The last day of each month from <paramref name="from"/> to <paramref name="to"/> (yyyy-MM, both included), today for the current month; null when invalid.</summary>
    private static List<DateOnly>? MonthEnds(string? from, string? to, DateOnly today)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        DateOnly first, last;
        if (from is null && to is null)
        {
            (first, last) = (thisMonth.AddMonths(-11), thisMonth);
        }
        else if (!Month(from, out first) || !Month(to, out last))
        {
            return null;
        }
        if (first > last || first.Year < 2000 || last > thisMonth || (last.Year - first.Year) * 12 + last.Month - first.Month >= MostMonths)
        {
            return null;
        }
        var ends = new List<DateOnly>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var end = month.AddMonths(1).AddDays(-1);
            ends.Add(end < today ? end : today);
        }
        return ends;
    }

    private static bool Month(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month) && text!.Length == 7;

    private static ValidationProblem MonthsProblem(TimeProvider clock) => Problems.Invalid("from",
        $"from and to are months (YYYY-MM), both or neither, from 2000-01 to this month ({Text(Today(clock))[..7]}), from not after to, at most {MostMonths} months.");

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}

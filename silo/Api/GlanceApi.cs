using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>The home page's figures: one call, counted in the database (<see cref="IProgramGlance"/>), with the liability beside them.</summary>
public static class GlanceApi
{
    public static RouteGroupBuilder MapGlanceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/glance", GetAsync)
            .WithSummary("The program at a glance: purchases with a card today and this month, points issued and redeemed, redemption rate, new and active members, the points liability, and open dead letters and failed webhooks; each against the period before, with daily figures since the first of last month.");
        return api;
    }

    private static async Task<Ok<ProgramGlance>> GetAsync(IProgramGlance glance, PointsLiability liability, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var counts = await glance.ReadAsync(now, cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var liabilities = await liability.AsOfAsync([today, monthStart.AddDays(-1)], cancellationToken);
        var (month, lastMonth) = (Sum(counts.Days, monthStart, today), Sum(counts.Days, counts.From, monthStart.AddDays(-1)));
        return TypedResults.Ok(new ProgramGlance(today, liabilities[0].Currency,
            Figure(Sum(counts.Days, today, today).Purchases, Sum(counts.Days, today.AddDays(-1), today.AddDays(-1)).Purchases),
            Figure(month.Purchases, lastMonth.Purchases),
            Figure(month.PointsIssued, lastMonth.PointsIssued),
            Figure(month.PointsRedeemed, lastMonth.PointsRedeemed),
            new GlanceFigure(Rate(month), Rate(lastMonth)),
            Figure(month.NewMembers, lastMonth.NewMembers),
            Figure(counts.Active30Days, counts.Active30DaysBefore),
            Figure(counts.Active90Days, counts.Active90DaysBefore),
            Figure(liabilities[0].OutstandingPoints, liabilities[1].OutstandingPoints),
            new GlanceFigure(liabilities[0].OutstandingValue, liabilities[1].OutstandingValue),
            counts.OpenDeadLetters, counts.WebhookDeadLetters, counts.FailingWebhooks, counts.Days, counts.WorkDays));
    }

    private static GlanceDay Sum(IReadOnlyList<GlanceDay> days, DateOnly first, DateOnly last) =>
        days.Where(d => d.Day >= first && d.Day <= last).Aggregate(new GlanceDay(first, 0, 0, 0, 0), (total, d) => total with
        {
            Purchases = total.Purchases + d.Purchases,
            PointsIssued = total.PointsIssued + d.PointsIssued,
            PointsRedeemed = total.PointsRedeemed + d.PointsRedeemed,
            NewMembers = total.NewMembers + d.NewMembers,
        });

    private static decimal? Rate(GlanceDay period) => period.PointsIssued == 0 ? null : Math.Round(100m * period.PointsRedeemed / period.PointsIssued, 2);

    private static GlanceFigure Figure(long current, long previous) => new(current, previous);
}

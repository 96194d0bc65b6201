using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Uplift;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Uplift;

namespace RetentionActors.Silo.Api;

/// <summary>An estimate with its 95 % interval; no bound when a group is too small to have one.</summary>
public sealed record EstimateView(double Value, double? Low, double? High, bool SpansZero)
{
    public static EstimateView Of(Estimate e) => new(e.Value, Finite(e.Low), Finite(e.High), e.SpansZero);

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}

/// <summary>One group in the measurement window.</summary>
public sealed record GroupView(long Customers, long Returned, double ReturnShare, double PurchasesPerCustomer, double SpendPerCustomer)
{
    public static GroupView Of(GroupOutcome g) => new(g.Customers, g.Returned, g.ReturnShare, g.Purchases.Mean, g.Spend.Mean);
}

/// <summary>
/// The uplift of a targeted action: treated against held out over the measurement window, which for each customer runs
/// from their assignment to <see cref="Until"/>. Differences are treated minus held out, with 95 % intervals.
/// </summary>
public sealed record UpliftReport(
    string Action, DateTimeOffset? FirstAssigned, DateTimeOffset Until,
    GroupView Treated, GroupView HeldOut,
    EstimateView ReturnShareUplift, EstimateView PurchasesPerCustomerUplift, EstimateView SpendPerCustomerUplift,
    EstimateView IncrementalReturningCustomers, EstimateView IncrementalRevenue,
    double Cost, string CostUnit, double? CostPerIncrementalReturningCustomer,
    bool Measurable, bool NoMeasurableEffect, string Reading);

/// <summary>
/// Holdout groups and uplift for the three targeted actions: campaigns (the program's), win-back coupons, and coupons
/// to an RFM segment; and issuing the last.
/// </summary>
public static class UpliftApi
{
    /// <param name="HoldoutPercent">Percent of the segment's customers held out (no coupon, but measured): 0 to 90, default 0.</param>
    public sealed record SegmentCouponRequest(string Campaign, string Segment, decimal Value, int ValidDays = 30, string? Description = null, int HoldoutPercent = 0);

    private const int MostSegmentCustomers = 10_000;

    public static RouteGroupBuilder MapUpliftApi(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns/{id}/uplift", CampaignAsync)
            .WithSummary("A campaign's uplift: its treated and held-out customers' returns, purchases and spend after they were reached, until `until` (default now).");
        api.MapGet("/winback/{campaign}/uplift", WinBackAsync)
            .WithSummary("A win-back campaign's uplift: its treated and held-out customers' returns, purchases and spend after assignment, until `until` (default now).");
        api.MapPost("/coupons/segments", IssueToSegmentAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Issues a coupon to every customer of an RFM segment (once per campaign), holding out holdoutPercent of them to measure the uplift.");
        api.MapGet("/coupons/segments/{campaign}/uplift", SegmentAsync)
            .WithSummary("A segment coupon campaign's uplift: its treated and held-out customers' returns, purchases and spend after assignment, until `until` (default now).");
        return api;
    }

    private static async Task<Results<Ok<UpliftReport>, NotFound, ValidationProblem>> CampaignAsync(
        string id, DateTimeOffset? until, IGrainFactory grains, SqlHoldouts holdouts, TimeProvider clock, CancellationToken cancellationToken)
    {
        Require.Id(id, nameof(id));
        var settings = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings;
        var known = settings.Campaigns.Any(c => c.Id == id);
        return await ReportAsync(CampaignRule.ActionId(id), known, CampaignBonusReason.For(id), until, holdouts, clock, cancellationToken);
    }

    private static Task<Results<Ok<UpliftReport>, NotFound, ValidationProblem>> WinBackAsync(
        string campaign, DateTimeOffset? until, SqlHoldouts holdouts, TimeProvider clock, CancellationToken cancellationToken)
    {
        Require.Id(campaign, nameof(campaign));
        return ReportAsync(WinBackApi.ActionId(campaign), false, null, until, holdouts, clock, cancellationToken);
    }

    private static Task<Results<Ok<UpliftReport>, NotFound, ValidationProblem>> SegmentAsync(
        string campaign, DateTimeOffset? until, SqlHoldouts holdouts, TimeProvider clock, CancellationToken cancellationToken)
    {
        Require.Id(campaign, nameof(campaign));
        return ReportAsync(SegmentActionId(campaign), false, null, until, holdouts, clock, cancellationToken);
    }

    /// <summary>The action a segment coupon campaign's holdout groups are recorded under.</summary>
    public static string SegmentActionId(string campaign) => "segment:" + campaign;

    // A campaign the program names has a report even before it reached anyone; other actions exist once they recorded a customer.
    private static async Task<Results<Ok<UpliftReport>, NotFound, ValidationProblem>> ReportAsync(
        string action, bool known, string? bonusReason, DateTimeOffset? until, SqlHoldouts holdouts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (until > now.AddYears(10) || until < DateTimeOffset.UnixEpoch)
        {
            return Problems.Invalid("until", "until is a date from 1970 on and no more than 10 years ahead.");
        }
        var end = until ?? now;
        var measured = await holdouts.MeasureAsync(action, end, bonusReason, cancellationToken);
        if (!known && measured.FirstAssigned is null)
        {
            return TypedResults.NotFound();
        }
        var (cost, unit) = bonusReason is null ? ((double)measured.Granted, "in coupon value") : (measured.BonusPoints, "points");
        var figures = UpliftAnalysis.Compare(measured.Treated, measured.HeldOut, cost, unit);
        return TypedResults.Ok(new UpliftReport(action, measured.FirstAssigned, end,
            GroupView.Of(measured.Treated), GroupView.Of(measured.HeldOut),
            EstimateView.Of(figures.ReturnShare), EstimateView.Of(figures.PurchasesPerCustomer), EstimateView.Of(figures.SpendPerCustomer),
            EstimateView.Of(figures.IncrementalReturningCustomers), EstimateView.Of(figures.IncrementalRevenue),
            cost, unit, figures.CostPerIncrementalReturningCustomer, figures.Measurable, figures.Measurable && figures.ReturnShare.SpansZero, figures.Reading));
    }

    private static async Task<Results<Ok<IReadOnlyList<WinBackApi.IssuedCoupon>>, ValidationProblem>> IssueToSegmentAsync(
        SegmentCouponRequest request, IRfmSegments rfm, TargetedCoupons coupons, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Require.Id(request.Campaign, nameof(request.Campaign));
        Require.Text(request.Segment, "segment", 64);
        if (request.Value <= 0 || request.ValidDays is < 1 or > 366)
        {
            return Problems.Invalid("value", "value is positive and validDays 1 to 366.");
        }
        if (!Holdout.IsValidPercent(request.HoldoutPercent))
        {
            return Problems.Invalid("holdoutPercent", $"holdoutPercent is 0 to {Holdout.MostPercent}: the share of the segment held out to measure the uplift.");
        }
        if (request.Description is not null)
        {
            Require.Text(request.Description, "description", 200);
        }
        if (!rfm.SegmentNames.Contains(request.Segment, StringComparer.Ordinal))
        {
            return Problems.Invalid("segment", $"segment is one of the RFM segments: {string.Join(", ", rfm.SegmentNames)}.");
        }
        // The segment as it is now; one that has emptied since the operator looked reaches nobody (an empty answer).
        // One more than the most a coupon goes to tells a segment that is too big, without reading all of it.
        var members = await rfm.MembersAsync(request.Segment, MostSegmentCustomers + 1, cancellationToken);
        if (members.Count > MostSegmentCustomers)
        {
            return Problems.Invalid("segment", $"Segment '{request.Segment}' has more than 10,000 customers, the most a segment coupon goes to at once.");
        }
        var offer = new TargetedCoupons.Offer("segment", request.Campaign, "segment-coupon", request.Value, request.ValidDays,
            request.Description ?? $"For you: {request.Value.ToString(CultureInfo.InvariantCulture)} off your next purchase", request.HoldoutPercent);
        var issued = new List<WinBackApi.IssuedCoupon>();
        foreach (var customerId in members)
        {
            issued.Add(await coupons.IssueAsync(offer, customerId, user));
        }
        return TypedResults.Ok<IReadOnlyList<WinBackApi.IssuedCoupon>>(issued);
    }
}

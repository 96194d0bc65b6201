using RetentionActors.Contracts;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Domain.Uplift;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Dormant customers and win-back: find who stopped buying, give them a coupon through the coupon
/// grain, and see later who came back (bought after the coupon) and who used it.
/// </summary>
public static class WinBackApi
{
    /// <summary>The most a page of the dormant list or of win-back statuses holds: as many customers as one win-back request takes.</summary>
    public const int MostPerPage = 10_000;

    /// <param name="HoldoutPercent">Percent of the selected customers held out (no coupon, but measured): 0 to 90, default 0.</param>
    public sealed record WinBackRequest(string Campaign, IReadOnlyList<string> CustomerIds, decimal Value, int ValidDays = 30, string? Description = null, int HoldoutPercent = 0);

    /// <summary>The action a win-back campaign's holdout groups are recorded under.</summary>
    public static string ActionId(string campaign) => "winback:" + campaign;

    public sealed record IssuedCoupon(string CustomerId, string Code, string Outcome);

    public static RouteGroupBuilder MapWinBackApi(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/dormant", DormantAsync).WithSummary(
            "Customers whose last purchase is older than N days (default 90), by lifetime spend or by days since, a page at a time (take: 1 to 10000, default 10000). "
            + "The answer's " + NextPageHeader + " header holds the cursor of the next page (absent on the last): pass it as after. skip (0 or more) still works, but the database reads every skipped row.");
        api.MapPost("/winback", IssueAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Issues a win-back coupon to each selected customer (once per campaign), holding out holdoutPercent of them to measure the uplift.");
        api.MapGet("/winback", StatusAsync).WithSummary("Win-back coupons issued, and whether each customer came back and used the coupon.");
        return api;
    }

    /// <summary>The answer header of the dormant list that holds the next page's cursor.</summary>
    public const string NextPageHeader = "Next-Page-After";

    private static async Task<Results<Ok<IReadOnlyList<DormantCustomer>>, ValidationProblem>> DormantAsync(
        int? days, string? sort, int? skip, string? after, int? take, IDormantCustomers dormant, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        if (days is < 1 or > 3650)
        {
            return Problems.Invalid("days", "days is 1 to 3650.");
        }
        if (sort is not (null or "spend" or "recency"))
        {
            return Problems.Invalid("sort", "sort is spend (highest lifetime spend first) or recency (longest dormant first).");
        }
        if (skip is < 0)
        {
            return Problems.Invalid("skip", "skip is how many customers of the list to pass over: 0 or more.");
        }
        if (take is < 1 or > MostPerPage)
        {
            return Problems.Invalid("take", $"take is 1 to {MostPerPage}: how many customers a page holds.");
        }
        var order = sort == "recency" ? DormantOrder.Recency : DormantOrder.Spend;
        DormantCursor? cursor = null;
        if (after is not null && (skip is not null || !DormantCursor.TryParse(after, order, out cursor)))
        {
            return Problems.Invalid("after", skip is not null
                ? "Give skip or after, not both."
                : $"after is the {NextPageHeader} header of the previous page, asked with the same sort.");
        }
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-(days ?? 90));
        if (skip is { } skipped)
        {
            return TypedResults.Ok(await dormant.PageAsync(cutoff, now, order, skipped, take ?? MostPerPage, cancellationToken));
        }
        var page = await dormant.PageAfterAsync(cutoff, now, order, cursor, take ?? MostPerPage, cancellationToken);
        if (page.Next is { } next)
        {
            response.Headers[NextPageHeader] = next.Encode();
        }
        return TypedResults.Ok(page.Customers);
    }

    private static async Task<Results<Ok<IReadOnlyList<IssuedCoupon>>, ValidationProblem>> IssueAsync(
        WinBackRequest request, TargetedCoupons coupons, IWinBackStore winBacks, ClaimsPrincipal user)
    {
        Require.Id(request.Campaign, nameof(request.Campaign));
        if (request.CustomerIds is not { Count: > 0 and <= 10_000 })
        {
            return Problems.Invalid("customerIds", "Select 1 to 10,000 customers.");
        }
        if (request.Value <= 0 || request.ValidDays is < 1 or > 366)
        {
            return Problems.Invalid("value", "value is positive and validDays 1 to 366.");
        }
        if (!Holdout.IsValidPercent(request.HoldoutPercent))
        {
            return Problems.Invalid("holdoutPercent", $"holdoutPercent is 0 to {Holdout.MostPercent}: the share of the selected customers held out to measure the uplift.");
        }
        // Checked here, not first by the coupon grain: a customer who has the coupon already would be answered
        // "already issued" for a request that is not valid.
        if (request.Description is not null)
        {
            Require.Text(request.Description, "description", 200);
        }
        foreach (var customerId in request.CustomerIds)
        {
            Require.Id(customerId, "customerIds");
        }
        var offer = new TargetedCoupons.Offer("winback", request.Campaign, "winback-coupon",
            request.Value, request.ValidDays,
            request.Description ?? $"Welcome back: {request.Value.ToString(CultureInfo.InvariantCulture)} off your next purchase", request.HoldoutPercent);
        var issued = new List<IssuedCoupon>();
        foreach (var customerId in request.CustomerIds.Distinct(StringComparer.Ordinal))
        {
            // The code derives from customer and campaign: issuing twice gives the same coupon, not a second one.
            issued.Add(await coupons.IssueAsync(offer, customerId, user, c => winBacks.RecordIssuedAsync(request.Campaign, customerId, c.Code, c.IssuedAt)));
        }
        return TypedResults.Ok<IReadOnlyList<IssuedCoupon>>(issued);
    }

    // The status of at most MostPerPage coupons, newest first, as before: the list was always cut there.
    private static async Task<Ok<IReadOnlyList<WinBackStatus>>> StatusAsync(string? campaign, IWinBackStore winBacks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await winBacks.StatusAsync(campaign, MostPerPage, cancellationToken));
}

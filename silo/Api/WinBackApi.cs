using RetentionActors.Contracts;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Domain.Uplift;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Dormant customers and win-back: find who stopped buying, give them a coupon through the coupon
/// grain, and see later who came back (bought after the coupon) and who used it.
/// </summary>
public static class WinBackApi
{
    public sealed record DormantCustomer(string CustomerId, string DisplayName, DateTimeOffset LastPurchase, int DaysSince, int Purchases, decimal LifetimeSpend);

    /// <param name="HoldoutPercent">Percent of the selected customers held out (no coupon, but measured): 0 to 90, default 0.</param>
    public sealed record WinBackRequest(string Campaign, IReadOnlyList<string> CustomerIds, decimal Value, int ValidDays = 30, string? Description = null, int HoldoutPercent = 0);

    /// <summary>The action a win-back campaign's holdout groups are recorded under.</summary>
    public static string ActionId(string campaign) => "winback:" + campaign;

    public sealed record IssuedCoupon(string CustomerId, string Code, string Outcome);

    public sealed record WinBackStatus(string Campaign, string CustomerId, string Code, DateTimeOffset IssuedAt, bool CameBack, DateTimeOffset? ReturnedAt, bool CouponUsed);

    public static RouteGroupBuilder MapWinBackApi(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/dormant", DormantAsync).WithSummary("Customers whose last purchase is older than N days (default 90), by lifetime spend or by days since.");
        api.MapPost("/winback", IssueAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Issues a win-back coupon to each selected customer (once per campaign), holding out holdoutPercent of them to measure the uplift.");
        api.MapGet("/winback", StatusAsync).WithSummary("Win-back coupons issued, and whether each customer came back and used the coupon.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<DormantCustomer>>, ValidationProblem>> DormantAsync(
        int? days, string? sort, CustomerQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (days is < 1 or > 3650)
        {
            return Problems.Invalid("days", "days is 1 to 3650.");
        }
        if (sort is not (null or "spend" or "recency"))
        {
            return Problems.Invalid("sort", "sort is spend (highest lifetime spend first) or recency (longest dormant first).");
        }
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-(days ?? 90));
        var dormant = (await queries.CustomerTotalsAsync(cancellationToken))
            .Where(t => t.LastPurchase < cutoff)
            .Select(t => new DormantCustomer(t.CustomerId, t.DisplayName, t.LastPurchase!.Value, (int)(now - t.LastPurchase.Value).TotalDays, t.Purchases, t.Spend));
        dormant = sort == "recency" ? dormant.OrderBy(d => d.LastPurchase) : dormant.OrderByDescending(d => d.LifetimeSpend);
        return TypedResults.Ok<IReadOnlyList<DormantCustomer>>([.. dormant]);
    }

    private static async Task<Results<Ok<IReadOnlyList<IssuedCoupon>>, ValidationProblem>> IssueAsync(
        WinBackRequest request, TargetedCoupons coupons, SqlDatabase database, ClaimsPrincipal user)
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
            issued.Add(await coupons.IssueAsync(offer, customerId, user, c => RecordIssuedAsync(database, request.Campaign, customerId, c.Code, c.IssuedAt)));
        }
        return TypedResults.Ok<IReadOnlyList<IssuedCoupon>>(issued);
    }

    private static async Task<Ok<IReadOnlyList<WinBackStatus>>> StatusAsync(string? campaign, IGrainFactory grains, SqlDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT w.campaign, w.customer_id, w.code, w.issued_utc,
                   (SELECT MIN(l.occurred_utc) FROM ledger l WHERE l.customer_id = w.customer_id AND l.kind = 'Purchase' AND l.occurred_utc > w.issued_utc)
            FROM backoffice_winback w
            """ + (campaign is null ? "" : " WHERE w.campaign = @campaign") + " ORDER BY w.issued_utc DESC, w.customer_id LIMIT 10000";
        if (campaign is not null)
        {
            CommandParameters.Bind(command, "campaign", campaign);
        }
        var rows = new List<(string Campaign, string Customer, string Code, DateTimeOffset Issued, DateTimeOffset? Returned)>();
        await using (var row = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                rows.Add((row.GetString(0), row.GetString(1), row.GetString(2), database.ReadUtc(row, 3), row.IsDBNull(4) ? null : database.ReadUtc(row, 4)));
            }
        }
        var status = new List<WinBackStatus>();
        foreach (var r in rows)
        {
            var coupon = await grains.GetGrain<ICouponGrain>(r.Code).GetAsync();
            status.Add(new WinBackStatus(r.Campaign, r.Customer, r.Code, r.Issued, r.Returned is not null, r.Returned, coupon?.RedeemedAt is not null));
        }
        return TypedResults.Ok<IReadOnlyList<WinBackStatus>>(status);
    }

    // Which coupons a campaign gave (table backoffice_winback, in the storage schema); issued_utc has the ledger's time type so the two compare.
    private static Task RecordIssuedAsync(SqlDatabase database, string campaign, string customerId, string code, DateTimeOffset issuedAt) =>
        database.Writer.WriteAsync(w =>
        {
            var command = w.Command("INSERT INTO backoffice_winback (campaign, customer_id, code, issued_utc) VALUES (@campaign, @customer, @code, @issued) ON CONFLICT (campaign, customer_id) DO NOTHING");
            CommandParameters.Bind(command, "campaign", campaign);
            CommandParameters.Bind(command, "customer", customerId);
            CommandParameters.Bind(command, "code", code);
            CommandParameters.Bind(command, "issued", database.Utc(issuedAt));
            command.ExecuteNonQuery();
        });
}

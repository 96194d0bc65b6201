using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Coupons;

namespace RetentionActors.Silo.Api;

/// <summary>Coupons the back office issues by hand: partner offers, goodwill vouchers. Each is single-use, through the coupon grain.</summary>
public static class CouponsApi
{
    public sealed record CouponRequest(string CustomerId, string Reference, CouponKind Kind, string Description, decimal Value, int ValidDays = 90, string Source = "partner");

    public static RouteGroupBuilder MapCouponsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/coupons", IssueAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Issues a coupon to a customer; the same customer and reference give the same coupon.");
        api.MapGet("/coupons/{code}", GetAsync).WithSummary("A coupon: what it gives, whose it is, until when, and whether it was used.");
        return api;
    }

    private static async Task<Results<Ok<CouponInfo>, NotFound, ValidationProblem, ProblemHttpResult>> IssueAsync(
        CouponRequest request, IGrainFactory grains, CouponCodes codes, AuditLog audit, TimeProvider clock, ClaimsPrincipal user)
    {
        Require.Id(request.Reference, nameof(request.Reference));
        Require.Id(request.CustomerId, nameof(request.CustomerId));
        Require.Text(request.Description, "description", 200);
        Require.Text(request.Source, "source", 64);
        if (request.ValidDays is < 1 or > 3650 || !Enum.IsDefined(request.Kind))
        {
            return Problems.Invalid("validDays", "A coupon is valid 1 to 3650 days and has a known kind.");
        }
        // Worth something, and never more than the largest purchase the program accepts.
        var maximum = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings.MaximumPurchaseAmount;
        if (request.Value <= 0m || request.Value > maximum || decimal.Round(request.Value, 2) != request.Value)
        {
            return Problems.Invalid("value", string.Create(CultureInfo.InvariantCulture,
                $"A coupon is worth more than 0 and at most the program's largest purchase, {maximum}, in cents at most."));
        }
        if (await grains.GetGrain<ICustomerSummaryGrain>(request.CustomerId).GetAsync() is null)
        {
            return TypedResults.NotFound();
        }
        var now = clock.GetUtcNow();
        var code = codes.For(request.CustomerId, $"backoffice/{request.Reference}");
        var coupon = new CouponInfo(code, request.Kind, request.Description, request.Value, request.CustomerId, request.Source, now, now.AddDays(request.ValidDays));
        // The coupon grain's write carries the audit row; a coupon issued before (or refused) gets it here.
        var intent = audit.Intend("coupon-issue", request.CustomerId, code, "issued");
        CouponResult result;
        using (AuditContext.Begin(intent))
        {
            result = await grains.GetGrain<ICouponGrain>(code).IssueAsync(coupon);
        }
        // The same request again (a retry) gets the coupon it issued; the same reference with other terms is another coupon.
        if (result.Coupon is { } issued && (result.IsAccepted || SameTerms(issued, coupon)))
        {
            await audit.RecordAsync(user, intent, "issued");
            return TypedResults.Ok(issued);
        }
        var conflict = result.Coupon is null ? result.Declined!.Message
            : $"Reference {request.Reference} already issued coupon {code} to this customer on other terms; use a new reference for another coupon.";
        await audit.RecordAsync(user, intent, conflict);
        return TypedResults.Problem(conflict, statusCode: StatusCodes.Status409Conflict);
    }

    // What the request decides; the issue time (and so the expiry date) moves with each retry.
    private static bool SameTerms(CouponInfo issued, CouponInfo asked) =>
        (issued.Kind, issued.Description, issued.Value, issued.CustomerId, issued.Source, issued.ExpiresAt - issued.IssuedAt)
        == (asked.Kind, asked.Description, asked.Value, asked.CustomerId, asked.Source, asked.ExpiresAt - asked.IssuedAt);

    private static async Task<Results<Ok<CouponInfo>, NotFound>> GetAsync(string code, IGrainFactory grains) =>
        await grains.GetGrain<ICouponGrain>(code).GetAsync() is { } coupon ? TypedResults.Ok(coupon) : TypedResults.NotFound();
}

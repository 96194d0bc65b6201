using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard behind the back office's login. Its live log stream (<c>Trace</c>) shows what the
/// silo logs, reminders show every grain's schedule, and grain state shows what a grain holds (a customer's
/// personal data): those are for admins only, even while the rest of the dashboard is open to all.
/// </summary>
public static class DashboardViews
{
    private static readonly string[] s_adminOnly = ["Trace", "Reminders", "GrainState"];

    public static RouteGroupBuilder RequireBackOfficeLogin(this RouteGroupBuilder dashboard)
    {
        dashboard.RequireAuthorization(BackOfficeTokens.DashboardPolicy);
        dashboard.AddEndpointFilter(OnlyMemberSilos);
        ((IEndpointConventionBuilder)dashboard).Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && IsAdminOnly(route.RoutePattern))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(BackOfficeTokens.ChangePolicy));
            }
        });
        return dashboard;
    }

    // The per-silo views (/dashboard/SiloStats/{*address}, /dashboard/HistoricalStats/{*path}, …) answer 500 for an address
    // that is not a silo's: a 404 here.
    private static async ValueTask<object?> OnlyMemberSilos(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (SiloAddress(context.HttpContext.Request) is { } address)
        {
            var members = context.HttpContext.RequestServices.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members;
            if (!members.Keys.Any(silo => silo.ToParsableString() == address))
            {
                return TypedResults.NotFound();
            }
        }
        return await next(context);
    }

    private static string? SiloAddress(HttpRequest request) =>
        request.RouteValues.TryGetValue("address", out var address) ? address as string
        : request.Path.StartsWithSegments("/dashboard/HistoricalStats", StringComparison.OrdinalIgnoreCase) && request.RouteValues.TryGetValue("path", out var path) ? path as string ?? ""
        : null;

    // The view is the first literal segment after the dashboard's prefix (/dashboard/Reminders/{page:int}).
    private static bool IsAdminOnly(RoutePattern pattern) =>
        pattern.PathSegments.Select(s => s.Parts is [RoutePatternLiteralPart literal] ? literal.Content : null)
            .Any(segment => segment is not null && s_adminOnly.Contains(segment, StringComparer.OrdinalIgnoreCase));
}

using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Whether this silo should be sent traffic: it is Active in the cluster's membership (not still joining, not shutting
/// down, not declared dead) and its store takes writes. Load balancers and Kubernetes read the answer at
/// <c>/health/ready</c>; the body says which of the two is missing and nothing more (no address, host or connection).
/// </summary>
public static class SiloReadiness
{
    /// <summary>200 when <paramref name="membership"/> is Active and there is no <paramref name="outage"/>; 503 with the reason otherwise.</summary>
    public static IResult Answer(SiloStatus membership, StoreOutage? outage)
    {
        if (membership != SiloStatus.Active)
        {
            return NotReady("This silo is not active in the cluster",
                "It is joining the cluster or leaving it; the other silos serve meanwhile.");
        }
        if (outage is not null)
        {
            return NotReady("The loyalty database is unavailable",
                $"Writes fail since {outage.Since:yyyy-MM-dd HH:mm:ss} UTC; they resume by themselves when the database is back.");
        }
        return TypedResults.Ok(new { status = "ready" });
    }

    private static ProblemHttpResult NotReady(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: detail);
}

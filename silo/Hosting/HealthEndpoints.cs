using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Liveness and readiness for load balancers and orchestrators, anonymous and without details an outsider could use:
/// <c>/health/live</c> answers while the process runs, <c>/health/ready</c> answers 503 while the silo is not Active in membership or cannot write (<see cref="SiloReadiness"/>).
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Where liveness is answered: 200 while the process runs.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Where readiness is answered: 200 while this silo should get traffic.</summary>
    public const string ReadyPath = "/health/ready";

    public static WebApplicationBuilder AddStoreHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StoreHealth>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StoreHealth>());
        return builder;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LivePath, () => Results.Ok(new { status = "live" })).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(ReadyPath, ([FromServices] ISiloStatusOracle membership, [FromServices] StoreHealth store) => SiloReadiness.Answer(membership.CurrentStatus, store.Outage))
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}

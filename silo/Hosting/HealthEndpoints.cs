namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Liveness and readiness for load balancers and orchestrators, anonymous and without details an outsider could use:
/// <c>/health/live</c> answers while the process runs, <c>/health/ready</c> answers 503 while the silo cannot write.
/// </summary>
public static class HealthEndpoints
{
    public static WebApplicationBuilder AddStoreHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StoreHealth>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StoreHealth>());
        return builder;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/health/ready", (StoreHealth health) => health.Outage is { } outage
                ? Results.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The loyalty database is unavailable",
                    detail: $"Writes fail since {outage.Since:yyyy-MM-dd HH:mm:ss} UTC; they resume by themselves when the database is back.")
                : Results.Ok(new { status = "ready" }))
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}

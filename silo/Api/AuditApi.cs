using RetentionActors.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RetentionActors.Silo.Api;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", GetAsync).WithSummary("The most recent back-office changes, newest first; optionally only those on one target.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> GetAsync(AuditLog audit, string? target, int? take, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.ReadAsync(target, Math.Clamp(take ?? 100, 1, 1000), cancellationToken));
}

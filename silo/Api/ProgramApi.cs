using RetentionActors.Contracts;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Audit;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Program setup — earning rules, tiers, stamp cards, rewards, campaigns — through the program grain,
/// which validates the whole configuration and refuses it listing every problem (400 ProblemDetails).
/// </summary>
public static class ProgramApi
{
    public static RouteGroupBuilder MapProgramApi(this RouteGroupBuilder api)
    {
        api.MapGet("/program", GetAsync).WithSummary("The program settings in force.");
        api.MapGet("/program/history", HistoryAsync).WithSummary("Every version of the program settings, oldest first.");
        api.MapPut("/program", UpdateAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy).WithSummary("Replaces the program settings; invalid settings change nothing.");
        return api;
    }

    private static async Task<Ok<ProgramInfo>> GetAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync());

    private static async Task<Ok<IReadOnlyList<ProgramInfo>>> HistoryAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetHistoryAsync());

    private static async Task<Ok<ProgramInfo>> UpdateAsync(ProgramSettings settings, IGrainFactory grains, AuditLog audit, ClaimsPrincipal user)
    {
        var program = grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);
        // The program grain's state write carries the audit row.
        var intent = audit.Intend("update-program", "program", $"replaces version {(await program.GetAsync()).Version}");
        try
        {
            ProgramInfo updated;
            using (AuditContext.Begin(intent))
            {
                updated = await program.UpdateAsync(settings, user.Identity!.Name!);
            }
            // A no-op: the state write carried the row (this only ever fills in for a write that did not).
            await audit.RecordAsync(user, intent, "done");
            return TypedResults.Ok(updated);
        }
        catch (ArgumentException refused)
        {
            // Refused settings changed nothing, but the attempt is part of the program's story.
            await audit.RecordAsync(user, intent with { Detail = refused.Message }, "refused");
            throw;
        }
    }
}

using RetentionActors.Contracts;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain;
using RetentionActors.Domain.Preview;
using RetentionActors.Grains;
using RetentionActors.Grains.Audit;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Program setup — earning rules, tiers, stamp cards, rewards, campaigns — through the program grain,
/// which validates the whole configuration and refuses it listing every problem (400 ProblemDetails, with
/// <c>problems</c>: each problem and the settings field it concerns).
/// </summary>
public static class ProgramApi
{
    // A program's settings are kilobytes; without this, the server's default (about 28.6 MiB) let any reader, analysts
    // included, have the silo parse and check that much JSON per preview. Larger bodies get 413 before they are read.
    private const long MaxBody = 1024 * 1024;

    public static RouteGroupBuilder MapProgramApi(this RouteGroupBuilder api)
    {
        api.MapGet("/program", GetAsync).WithSummary("The program settings in force.");
        api.MapGet("/program/history", HistoryAsync).WithSummary("Every version of the program settings, oldest first.");
        api.MapPut("/program", UpdateAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy).WithMetadata(new RequestSizeLimitAttribute(MaxBody))
            .WithSummary("Replaces the program settings; invalid settings change nothing.");
        api.MapPost("/program/preview", Preview).WithMetadata(new RequestSizeLimitAttribute(MaxBody))
            .WithSummary("What a sample purchase would earn under draft settings, by the engine's rules; saves nothing. Invalid settings are refused as PUT refuses them.");
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
            throw WithFields(refused, settings);
        }
    }

    private static Ok<PreviewAnswer> Preview(ProgramPreviewRequest request, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request.Settings);
        var sample = request.Purchase.ToSample(clock.GetUtcNow());
        request.Settings.RequireComplete();
        ProgramRules rules;
        try
        {
            rules = request.Settings.ToRules();
        }
        catch (InvalidRequestException refused)
        {
            throw WithFields(refused, request.Settings);
        }
        PurchaseEstimate estimate;
        try
        {
            estimate = PurchasePreview.Estimate(rules, sample);
        }
        catch (ArgumentException unknownTier) when (unknownTier.ParamName == "tier")
        {
            throw new InvalidRequestException(unknownTier.Message.Replace(" (Parameter 'tier')", "", StringComparison.Ordinal), "purchase.tier");
        }
        return TypedResults.Ok(new PreviewAnswer(estimate.Points, estimate.TotalPoints, estimate.Tier, estimate.TierMultiplier,
            [.. estimate.Campaigns.Select(c => new PreviewCampaign(c.Id, c.Name, c.Points, c.Gift))],
            estimate.StampsEarned, estimate.DiscountAmount, rules.Currency, estimate.PendingUntil, estimate.Declined));
    }

    /// <summary>The engine's refusal of settings, with each problem's field when they are the settings' own problems.</summary>
    private static ArgumentException WithFields(ArgumentException refused, ProgramSettings settings)
    {
        if (refused is not InvalidRequestException invalid || !IsComplete(settings) || settings.Problems() is not { Count: > 0 } problems)
        {
            return refused; // a part sent as null, or a refusal of something else: no field problems to add
        }
        return new ProgramSettingsRefusedException(invalid, problems);
    }

    private static bool IsComplete(ProgramSettings settings)
    {
        try
        {
            settings.RequireComplete();
            return true;
        }
        catch (InvalidRequestException)
        {
            return false;
        }
    }

    /// <summary>What a sample purchase would earn (see <see cref="PurchaseEstimate"/>).</summary>
    public sealed record PreviewAnswer(long Points, long TotalPoints, string? Tier, decimal TierMultiplier, IReadOnlyList<PreviewCampaign> Campaigns,
        IReadOnlyDictionary<string, int> StampsEarned, decimal DiscountAmount, string Currency, DateTimeOffset? PendingUntil, string? Declined);

    public sealed record PreviewCampaign(string Id, string Name, long Points, string? Gift);
}

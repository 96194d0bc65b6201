using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Security;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Terminal credentials: issued per store and terminal with a role and an expiry, the token shown once;
/// revoked at once on this silo and within seconds on every other. Admins only.
/// </summary>
public static class TerminalsApi
{
    public sealed record CredentialRequest(string StoreId, string TerminalId, TerminalRole Role, int ValidDays = 365);

    /// <summary>A new credential and its token: the token is shown here once and stored nowhere.</summary>
    public sealed record IssuedCredential(TerminalCredential Credential, string Token);

    public static RouteGroupBuilder MapTerminalsApi(this RouteGroupBuilder api)
    {
        var terminals = api.MapGroup("/terminals").RequireAuthorization(BackOfficeTokens.ChangePolicy);
        terminals.MapGet("/credentials", ListAsync).WithSummary("Every terminal credential issued, newest first (never the tokens).");
        terminals.MapPost("/credentials", IssueAsync)
            .WithSummary("Issues a credential for a store's till or kiosk; the answer holds its token, shown this once.");
        terminals.MapPost("/credentials/{credentialId}/revoke", RevokeAsync)
            .WithSummary("Revokes a credential: its terminal is refused on every silo within seconds.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<TerminalCredential>>> ListAsync(ITerminalCredentialStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Created<IssuedCredential>> IssueAsync(
        CredentialRequest request, TerminalCredentialIssuer issuer, AuditLog audit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (credential, token) = await issuer.IssueAsync(request.StoreId, request.TerminalId, request.Role, request.ValidDays, user.Identity!.Name!, cancellationToken);
        await audit.RecordAsync(user, "issue-terminal-credential", $"{credential.StoreId}/{credential.TerminalId}",
            $"{credential.Id}, {credential.Role.ToString().ToLowerInvariant()}, until {credential.ExpiresAt:yyyy-MM-dd}", "issued");
        return TypedResults.Created($"/api/terminals/credentials/{credential.Id}", new IssuedCredential(credential, token));
    }

    private static async Task<Results<Ok<TerminalCredential>, NotFound, ProblemHttpResult>> RevokeAsync(
        string credentialId, TerminalCredentialIssuer issuer, ITerminalCredentialStore store, AuditLog audit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Require.Id(credentialId, nameof(credentialId));
        if (await store.FindAsync(credentialId, cancellationToken) is not { } credential)
        {
            return TypedResults.NotFound();
        }
        if (credential.RevokedAt is not null)
        {
            return TypedResults.Problem($"Credential {credentialId} was already revoked on {credential.RevokedAt:yyyy-MM-dd HH:mm} UTC.", statusCode: StatusCodes.Status409Conflict);
        }
        await issuer.RevokeAsync(credentialId, user.Identity!.Name!, cancellationToken);
        await audit.RecordAsync(user, "revoke-terminal-credential", $"{credential.StoreId}/{credential.TerminalId}", credentialId, "revoked");
        return TypedResults.Ok((await store.FindAsync(credentialId, cancellationToken))!);
    }
}

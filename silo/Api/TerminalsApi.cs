using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Audit;
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
        // The credential's insert carries the audit row (the issuer names the new credential in it).
        var intent = audit.Intend("issue-terminal-credential", $"{request.StoreId}/{request.TerminalId}", null, "issued");
        TerminalCredential credential;
        string token;
        using (AuditContext.Begin(intent))
        {
            (credential, token) = await issuer.IssueAsync(request.StoreId, request.TerminalId, request.Role, request.ValidDays, user.Identity!.Name!, cancellationToken);
        }
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
        var intent = audit.Intend("revoke-terminal-credential", $"{credential.StoreId}/{credential.TerminalId}", credentialId, "revoked");
        bool revoked;
        using (AuditContext.Begin(intent))
        {
            revoked = await issuer.RevokeAsync(credentialId, user.Identity!.Name!, cancellationToken);
        }
        // Revoked meanwhile by someone else: their row says so, this one says it changed nothing.
        await audit.RecordAsync(user, intent, revoked ? "revoked" : "already revoked");
        return TypedResults.Ok((await store.FindAsync(credentialId, cancellationToken))!);
    }
}

using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Audit;

namespace RetentionActors.Grains.Security;

/// <summary>Issues and revokes terminal credentials: for the back office, the silo's command line and the embedded silo's own till.</summary>
public sealed class TerminalCredentialIssuer(ITerminalCredentialStore store, TerminalTokens tokens, TerminalCredentialRegistry registry, TimeProvider clock)
{
    public const int MaxValidDays = 3650;

    /// <summary>Records a new credential and returns it with its token — the only time the token exists outside the terminal.</summary>
    public async Task<(TerminalCredential Credential, string Token)> IssueAsync(
        string storeId, string terminalId, TerminalRole role, int validDays, string issuedBy, CancellationToken cancellationToken = default)
    {
        Require.Id(storeId, nameof(storeId));
        Require.Id(terminalId, nameof(terminalId));
        Require.Text(issuedBy, nameof(issuedBy), 200);
        if (!Enum.IsDefined(role))
        {
            throw new InvalidRequestException("A terminal's role is till or kiosk.", nameof(role));
        }
        if (validDays is < 1 or > MaxValidDays)
        {
            throw new InvalidRequestException($"A credential is valid for 1 to {MaxValidDays} days, not {validDays}.", nameof(validDays));
        }
        var now = clock.GetUtcNow();
        // Whole seconds: the token's times have no finer grain, and the record must say the same.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var credential = new TerminalCredential(TerminalTokens.NewCredentialId(), storeId, terminalId, role, issuedAt, issuedAt.AddDays(validDays), issuedBy);
        // The back office's audit row, written with the credential, names it: it exists only from here on.
        using (AuditContext.Current is { } intent
            ? AuditContext.Begin(intent with { Detail = $"{credential.Id}, {Name(role)}, until {credential.ExpiresAt:yyyy-MM-dd}" })
            : null)
        {
            await store.AddAsync(credential, cancellationToken);
        }
        return (credential, tokens.Issue(credential));
    }

    private static string Name(TerminalRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Revokes a credential; this silo refuses it at once, the others within seconds (<see cref="RevocationWatcher"/>).</summary>
    public async Task<bool> RevokeAsync(string credentialId, string revokedBy, CancellationToken cancellationToken = default)
    {
        Require.Id(credentialId, nameof(credentialId));
        var revoked = await store.RevokeAsync(credentialId, revokedBy, clock.GetUtcNow(), cancellationToken);
        registry.Forget(credentialId);
        return revoked;
    }
}

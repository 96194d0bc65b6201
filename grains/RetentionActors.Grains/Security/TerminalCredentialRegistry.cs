using System.Collections.Concurrent;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Grains.Security;

/// <summary>
/// This silo's view of the terminal credentials: checks a presented token (signature, then the credential's
/// record: known, not revoked, not expired) and keeps what it learned, so a terminal's calls cost a
/// dictionary look-up. Revocations reach it through <see cref="RefreshRevocationsAsync"/>, which the
/// <see cref="RevocationWatcher"/> runs every couple of seconds.
/// </summary>
public sealed class TerminalCredentialRegistry(ITerminalCredentialStore store, TerminalTokens tokens, TimeProvider clock)
{
    // Bounded: a flood of distinct (validly signed) tokens cannot grow memory without limit.
    private const int MaxCachedTokens = 10_000;

    private readonly ConcurrentDictionary<string, TerminalTokens.Claims> _signedTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TerminalCredential> _credentials = new(StringComparer.Ordinal);
    private DateTimeOffset _revocationsCheckedAt = DateTimeOffset.MinValue;

    /// <summary>The credential a token proves, or <see cref="CallRefusedException"/> saying why it proves none.</summary>
    public async ValueTask<TerminalCredential> VerifyAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new CallRefusedException(CallRefusal.NoCredential,
                "The call carries no terminal credential. Issue one in the back office (Terminals) and start the terminal with --credential FILE.");
        }
        if (!_signedTokens.TryGetValue(token, out var claims))
        {
            claims = token.Length <= 4096 ? await tokens.ReadAsync(token) : null;
            if (claims is null)
            {
                throw new CallRefusedException(CallRefusal.InvalidCredential, "The terminal credential is not one this cluster issued.");
            }
            if (_signedTokens.Count >= MaxCachedTokens)
            {
                _signedTokens.Clear();
            }
            _signedTokens[token] = claims;
        }

        var credential = await CredentialAsync(claims.CredentialId);
        if (credential is null || (credential.StoreId, credential.TerminalId, credential.Role) != (claims.StoreId, claims.TerminalId, claims.Role))
        {
            throw new CallRefusedException(CallRefusal.InvalidCredential, $"Terminal credential {claims.CredentialId} is not on record in this cluster.");
        }
        if (credential.RevokedAt is { } revoked)
        {
            throw new CallRefusedException(CallRefusal.Revoked,
                $"Terminal credential {credential.Id} for {credential.Describe()} was revoked on {revoked:yyyy-MM-dd HH:mm} UTC.");
        }
        if (clock.GetUtcNow() >= credential.ExpiresAt)
        {
            throw new CallRefusedException(CallRefusal.Expired,
                $"Terminal credential {credential.Id} for {credential.Describe()} expired on {credential.ExpiresAt:yyyy-MM-dd HH:mm} UTC; issue a new one.");
        }
        return credential;
    }

    /// <summary>Learns of credentials revoked since the last check (by any silo), so their next call is refused here too.</summary>
    public async Task RefreshRevocationsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Overlap the windows generously: revocation times come from the revoking silo's clock.
        var since = _revocationsCheckedAt == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _revocationsCheckedAt.AddMinutes(-1);
        foreach (var id in await store.RevokedSinceAsync(since, cancellationToken))
        {
            if (_credentials.TryGetValue(id, out var known) && known.RevokedAt is null
                && await store.FindAsync(id, cancellationToken) is { } current)
            {
                _credentials[id] = current;
            }
        }
        _revocationsCheckedAt = now;
    }

    /// <summary>Forgets a credential so its next use reads the record again (the silo that revoked it calls this at once).</summary>
    public void Forget(string credentialId) => _credentials.TryRemove(credentialId, out _);

    private async ValueTask<TerminalCredential?> CredentialAsync(string id)
    {
        if (_credentials.TryGetValue(id, out var known))
        {
            return known;
        }
        var found = await store.FindAsync(id);
        if (found is not null)
        {
            _credentials[id] = found;
        }
        return found;
    }
}

using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Grains.Security;

/// <summary>
/// Terminal credentials as JSON Web Tokens signed by the cluster (HMAC-SHA256 with a key derived from the
/// cluster secret): whoever holds one can show which credential it is, and every silo can check that the
/// cluster issued it without asking anyone. Lifetime and revocation are checked against the credential's
/// record (<see cref="TerminalCredentialRegistry"/>), not here.
/// </summary>
public sealed class TerminalTokens(ClusterSecret secret)
{
    public const string Issuer = "retention-actors";
    public const string Audience = "retention-gateway";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly SymmetricSecurityKey _key = new(secret.TokenSigningKey) { KeyId = "cluster-1" };

    /// <summary>The claims a terminal credential's token carries.</summary>
    public sealed record Claims(string CredentialId, string StoreId, string TerminalId, TerminalRole Role, DateTimeOffset ExpiresAt);

    public string Issue(TerminalCredential credential) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        IssuedAt = credential.IssuedAt.UtcDateTime,
        NotBefore = credential.IssuedAt.UtcDateTime,
        Expires = credential.ExpiresAt.UtcDateTime,
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        Claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Jti] = credential.Id,
            ["store"] = credential.StoreId,
            ["terminal"] = credential.TerminalId,
            ["role"] = credential.Role.ToString().ToLowerInvariant(),
        },
    });

    /// <summary>The token's claims when the cluster signed it; null when it is forged, damaged or malformed.</summary>
    public async Task<Claims?> ReadAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // The credential's record decides validity against the silo's clock; the signature decides authenticity.
            ValidateLifetime = false,
        });
        if (!result.IsValid
            || Text(result, JwtRegisteredClaimNames.Jti) is not { } id
            || Text(result, "store") is not { } store
            || Text(result, "terminal") is not { } terminal
            || !Enum.TryParse<TerminalRole>(Text(result, "role"), ignoreCase: true, out var role)
            || !Enum.IsDefined(role)
            || result.SecurityToken.ValidTo == DateTime.MinValue)
        {
            return null;
        }
        return new Claims(id, store, terminal, role, new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc)));
    }

    private static string? Text(TokenValidationResult result, string claim) =>
        result.Claims.TryGetValue(claim, out var value) ? value as string : null;

    /// <summary>A new credential id: random, so ids say nothing and never collide between silos.</summary>
    public static string NewCredentialId() => "tc-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..20];
}

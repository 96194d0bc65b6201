using RetentionActors.Contracts;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Bearer tokens from configuration: <c>RETENTION_ADMIN_TOKEN</c> may change things,
/// <c>RETENTION_ANALYST_TOKEN</c> may only read. The pages log in by trading the token for an
/// HttpOnly, SameSite=Strict cookie holding it, so scripts never see it and other sites cannot send it.
/// </summary>
public sealed class BackOfficeTokens(IConfiguration configuration)
{
    public const string Scheme = "BackOfficeToken";
    public const string CookieName = "retention_backoffice";
    public const string AdminRole = "admin";
    public const string AnalystRole = "analyst";
    public const string ReadPolicy = "backoffice-read";
    public const string ChangePolicy = "backoffice-change";

    private readonly byte[]? _admin = Bytes(configuration["RETENTION_ADMIN_TOKEN"]);
    private readonly byte[]? _analyst = Bytes(configuration["RETENTION_ANALYST_TOKEN"]);

    public bool AnyConfigured => _admin is not null || _analyst is not null;

    /// <summary>The role a token grants, or null. Compared in fixed time so timing does not leak the token.</summary>
    public string? RoleOf(string? token)
    {
        if (Bytes(token) is not { } presented)
        {
            return null;
        }
        if (_admin is not null && CryptographicOperations.FixedTimeEquals(presented, _admin))
        {
            return AdminRole;
        }
        return _analyst is not null && CryptographicOperations.FixedTimeEquals(presented, _analyst) ? AnalystRole : null;
    }

    // Tokens shorter than 16 characters are refused: a guessable admin token is worse than none.
    private static byte[]? Bytes(string? token) => token is { Length: >= 16 } ? Encoding.UTF8.GetBytes(token) : null;
}

public sealed class BackOfficeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BackOfficeTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        else if (Request.Cookies.TryGetValue(BackOfficeTokens.CookieName, out var cookie))
        {
            token = cookie;
        }
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (tokens.RoleOf(token) is not { } role)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown token."));
        }
        // Who acted: the role, and the operator's name when the caller gives one (X-Operator), for the audit.
        var name = Request.Headers["X-Operator"].ToString() is { Length: > 0 and <= 64 } op ? $"{role}:{op}" : role;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], BackOfficeTokens.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), BackOfficeTokens.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsPage)
        {
            Response.Redirect("/backoffice/login");
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync("A back-office token is needed: Authorization: Bearer <token>.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync("The analyst role may read but not change anything.");
    }

    private bool IsPage => Request.Path.StartsWithSegments("/backoffice", StringComparison.OrdinalIgnoreCase);

    private async Task WriteProblemAsync(string detail)
    {
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Detail = detail },
        });
    }
}

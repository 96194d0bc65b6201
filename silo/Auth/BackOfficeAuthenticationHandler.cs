using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RetentionActors.Silo.Auth;

/// <summary>
/// Who a back-office request comes from: a session id (the pages' HttpOnly cookie, or
/// <c>Authorization: Bearer</c> for API clients), or a bootstrap token as a bearer token (scripts). The
/// cookie holds only a session id, never a token or secret: a bootstrap token in the cookie is not accepted.
/// </summary>
public sealed class BackOfficeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BackOfficeTokens tokens, OperatorSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? credential;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            credential = header["Bearer ".Length..].Trim();
            if (tokens.RoleOf(credential) is { } role)
            {
                return Success(OperatorSessions.BootstrapPrincipal(role));
            }
        }
        else if (!Request.Cookies.TryGetValue(BackOfficeTokens.CookieName, out credential))
        {
            return AuthenticateResult.NoResult();
        }
        var (user, failure) = await sessions.AuthenticateAsync(credential ?? "", Context.RequestAborted);
        return user is null ? AuthenticateResult.Fail(failure!) : Success(user);
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
        await WriteProblemAsync(
            "Log in first: POST /api/sessions with {\"operator\": …, \"secret\": …} and send Authorization: Bearer <sessionId> (or a bootstrap token).");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var name = Context.User.Identity?.Name ?? "This operator";
        await WriteProblemAsync(Context.User.FindFirstValue(ClaimTypes.Role) switch
        {
            _ when Request.Path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase) =>
                $"{name} may not open this: the dashboard's log stream, reminders and grain state are for admins only.",
            BackOfficeTokens.AnalystRole => $"{name} is an analyst: the analyst role may read but not change anything.",
            BackOfficeTokens.ApproverRole => $"{name} is an approver: the approver role may read, and approve or reject pending adjustments, but change nothing else.",
            _ => $"{name} may not do this.",
        });
    }

    private AuthenticateResult Success(ClaimsPrincipal user) => AuthenticateResult.Success(new AuthenticationTicket(user, BackOfficeTokens.Scheme));

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

using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Logging in and out for API clients: <c>POST /api/sessions</c> trades an operator's name and secret (or a
/// bootstrap token, with no name) for a session id to send as <c>Authorization: Bearer</c>.
/// </summary>
public static class SessionsApi
{
    public sealed record LoginRequest(string? Operator, string? Secret);

    /// <summary>A new session: its id is the caller's credential until it expires or is logged out.</summary>
    public sealed record NewSession(string SessionId, string Operator, OperatorRole Role, DateTimeOffset ExpiresAt);

    /// <summary>Who the caller is, for the pages to show only what the role may use.</summary>
    public sealed record CurrentOperator(string Operator, OperatorRole Role, bool Bootstrap, DateTimeOffset? ExpiresAt);

    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/sessions", LogInAsync).AllowAnonymous()
            .WithSummary("Logs in with an operator's name and secret (or a bootstrap token and no name); answers the session id to send as a bearer token.");
        api.MapGet("/sessions/current", Current).WithSummary("The operator and role of the caller's session.");
        api.MapDelete("/sessions/current", LogOutAsync).WithSummary("Logs out: the session id stops working on every silo.");
        return api;
    }

    private static async Task<Results<Created<NewSession>, ProblemHttpResult>> LogInAsync(
        LoginRequest request, OperatorSessions sessions, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await sessions.LogInAsync(request.Operator, request.Secret, context.Connection.RemoteIpAddress, cancellationToken);
        if (outcome.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem($"Too many failed logins; try again in {outcome.RetryAfterSeconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts");
        }
        if (outcome.Session is not { } session)
        {
            return TypedResults.Problem("The operator name and secret (or the bootstrap token) are not valid.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Login failed");
        }
        return TypedResults.Created("/api/sessions/current",
            new NewSession(outcome.SessionId!, session.OperatorName, session.Role, session.ExpiresAt));
    }

    private static Ok<CurrentOperator> Current(ClaimsPrincipal user) =>
        TypedResults.Ok(new CurrentOperator(
            user.Identity!.Name!,
            Enum.Parse<OperatorRole>(user.FindFirstValue(ClaimTypes.Role)!, ignoreCase: true),
            user.FindFirstValue(OperatorSessions.BootstrapClaim) == "true",
            user.FindFirstValue(OperatorSessions.ExpiresClaim) is { } expires ? DateTimeOffset.Parse(expires, System.Globalization.CultureInfo.InvariantCulture) : null));

    private static async Task<Results<NoContent, ProblemHttpResult>> LogOutAsync(ClaimsPrincipal user, OperatorSessions sessions, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(OperatorSessions.SessionClaim) is null)
        {
            return TypedResults.Problem("A bootstrap token is not a session: it works until it is removed from the silo's environment.",
                statusCode: StatusCodes.Status409Conflict, title: "Not a session");
        }
        await sessions.LogOutAsync(user, cancellationToken);
        return TypedResults.NoContent();
    }
}

using RetentionActors.Contracts;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RetentionActors.Silo.Api;

/// <summary>
/// The back-office pages: plain HTML and JavaScript embedded in the silo assembly, served behind
/// the same authentication as the API. Only the login page is open; logging in (operator name and secret,
/// or a bootstrap token) opens a session whose id goes into an HttpOnly, SameSite=Strict cookie.
/// </summary>
public static class PagesApi
{
    private static readonly Dictionary<string, string> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapBackOfficePages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/backoffice/login", () => Page("login.html")!).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/backoffice/login", LogIn).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapPost("/backoffice/logout", LogOut).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapGet("/backoffice/{page?}", (string? page) => Page(page ?? "index.html") is { } found ? (IResult)found : TypedResults.NotFound())
            .RequireAuthorization(BackOfficeTokens.ReadPolicy).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> LogIn(HttpContext context, OperatorSessions sessions)
    {
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Redirect("/backoffice/login?failed=1");
        }
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            // A form the browser did not send (a broken multipart body, one over the limit): a failed login, not a 500.
            return TypedResults.Redirect("/backoffice/login?failed=1");
        }
        var outcome = await sessions.LogInAsync(form["operator"], form["secret"], context.Connection.RemoteIpAddress, context.RequestAborted);
        if (outcome.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Content(
                $"<!doctype html><title>Too many attempts</title><p>Too many failed logins. Try again in {(outcome.RetryAfterSeconds + 59) / 60} minutes.</p><p><a href=\"/backoffice/login\">Log in</a></p>",
                "text/html; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
        }
        if (outcome.SessionId is not { } sessionId)
        {
            return TypedResults.Redirect("/backoffice/login?failed=1");
        }
        // The cookie holds the session id only: never a secret or token. Scripts cannot read it, other sites cannot send it.
        context.Response.Cookies.Append(BackOfficeTokens.CookieName, sessionId, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
        return TypedResults.Redirect("/backoffice/");
    }

    private static async Task<RedirectHttpResult> LogOut(HttpContext context, OperatorSessions sessions)
    {
        // Revoked in the database, so the id is refused by every silo even if a copy of the cookie survives.
        await sessions.LogOutAsync(context.User, context.RequestAborted);
        context.Response.Cookies.Delete(BackOfficeTokens.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.Redirect("/backoffice/login");
    }

    private static FileContentHttpResult? Page(string name)
    {
        if (!s_types.TryGetValue(Path.GetExtension(name), out var type))
        {
            return null;
        }
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("BackOffice.Pages." + name);
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return TypedResults.File(copy.ToArray(), type);
    }
}

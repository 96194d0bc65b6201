using RetentionActors.Contracts;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RetentionActors.Silo.Api;

/// <summary>
/// The back-office pages: plain HTML and JavaScript embedded in the silo assembly, served behind
/// the same authentication as the API. Only the login page is open; logging in trades the token for
/// an HttpOnly, SameSite=Strict cookie.
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

    private static async Task<RedirectHttpResult> LogIn(HttpContext context, BackOfficeTokens tokens)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString().Trim();
        if (tokens.RoleOf(token) is null)
        {
            return TypedResults.Redirect("/backoffice/login?failed=1");
        }
        context.Response.Cookies.Append(BackOfficeTokens.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
        return TypedResults.Redirect("/backoffice/");
    }

    private static RedirectHttpResult LogOut(HttpContext context)
    {
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

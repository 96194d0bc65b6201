using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// A bearer token that opens <c>/metrics</c> and nothing else, for Prometheus: <c>RETENTION_METRICS_TOKEN</c> (at least
/// 16 characters). Operators' sessions end after hours and the bootstrap analyst token reads every customer, so neither
/// suits a scraper that runs for months. Compared in fixed time; never logged.
/// </summary>
public sealed class MetricsScrapeToken(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MetricsScrapeToken";
    public const string Variable = "RETENTION_METRICS_TOKEN";
    public const string Role = "metrics-scraper";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (configuration[Variable] is not { Length: >= 16 } token || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token)))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "metrics scraper"), new Claim(ClaimTypes.Role, Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    // The back-office scheme answers 401 and 403 on /metrics (it challenges first, with a ProblemDetails body); a
    // second answer from here would come after that response has started.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Task.CompletedTask;
}

using System.Globalization;
using System.Net;
using System.Security.Claims;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Auth;

/// <summary>
/// Logs operators in and out and recognizes their sessions. A login (operator name and secret, or a bootstrap
/// token) opens a session in the database — its id goes to the operator, its hash to the table — that ends
/// after <see cref="Lifetime"/>, at logout, or when its operator is disabled, on every silo at once since every
/// request reads it. Failed logins are throttled (<see cref="LoginThrottle"/>) and logged, never with the secret.
/// </summary>
public sealed partial class OperatorSessions(
    IOperatorStore store, BackOfficeTokens tokens, LoginThrottle throttle, TimeProvider clock, ILogger<OperatorSessions> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>Claim holding the hash of the session a request came with (absent for a bootstrap token sent as a bearer token).</summary>
    public const string SessionClaim = "ra-session";

    /// <summary>Claim holding when that session ends (ISO 8601).</summary>
    public const string ExpiresClaim = "ra-expires";

    /// <summary>Claim saying the identity is a bootstrap token's (<c>true</c>), not a named operator's.</summary>
    public const string BootstrapClaim = "ra-bootstrap";

    /// <summary>
    /// Checks a login and opens a session. An empty <paramref name="operatorName"/> (or <c>admin</c> /
    /// <c>analyst</c>) takes <paramref name="secret"/> as that bootstrap token.
    /// </summary>
    public async Task<LoginOutcome> LogInAsync(string? operatorName, string? secret, IPAddress? address, CancellationToken cancellationToken)
    {
        address = address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
        var name = OperatorNames.Normalize(operatorName);
        secret = (secret ?? "").Trim();
        var shownName = OperatorNames.ForLog(name);
        var shownAddress = address?.ToString() ?? "unknown address";
        if (throttle.RetryAfter(address, name) is { } wait)
        {
            LogThrottled(logger, shownName, shownAddress, (int)Math.Ceiling(wait.TotalSeconds));
            return LoginOutcome.Throttled(wait);
        }

        var (session, failure) = name.Length == 0 || OperatorNames.IsReserved(name)
            ? CheckBootstrapToken(name, secret)
            : await CheckOperatorAsync(name, secret, cancellationToken);
        if (session is null)
        {
            throttle.Failed(address, name);
            LogFailed(logger, shownName, shownAddress, failure!);
            return LoginOutcome.Refused;
        }
        throttle.Succeeded(name);

        var sessionId = OperatorSecrets.NewSessionId();
        session = session with { SessionHash = OperatorSecrets.HashSessionId(sessionId) };
        // The session's insert carries the audit row: who logged in, with what role, from where.
        var login = AuditIntent.New(clock.GetUtcNow(), "log-in", session.OperatorName,
            $"{BackOfficeTokens.RoleName(session.Role)}{(session.Bootstrap ? ", bootstrap token" : "")}, from {shownAddress}", "session opened") with { Actor = session.OperatorName };
        using (AuditContext.Begin(login))
        {
            await store.AddSessionAsync(session, cancellationToken);
        }
        // Sessions are kept a day past their end, so "it expired" can still be told from "never existed".
        await store.DeleteSessionsExpiredBeforeAsync(session.CreatedAt - TimeSpan.FromDays(1), cancellationToken);
        LogLoggedIn(logger, session.OperatorName, BackOfficeTokens.RoleName(session.Role), shownAddress);
        if (session.Bootstrap && await store.AnyAsync(cancellationToken))
        {
            LogBootstrapTokenStillSet(logger, session.OperatorName);
        }
        return LoginOutcome.Succeeded(sessionId, session);
    }

    /// <summary>The identity of a session id, or why it has none.</summary>
    public async Task<(ClaimsPrincipal? User, string? Failure)> AuthenticateAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (sessionId.Length is 0 or > 128)
        {
            return (null, "Not a session id.");
        }
        var session = await store.FindSessionAsync(OperatorSecrets.HashSessionId(sessionId), cancellationToken);
        var now = clock.GetUtcNow();
        var failure = session switch
        {
            null => "Unknown session.",
            { OperatorDisabledAt: not null } => $"Operator {session.OperatorName} is disabled.",
            { RevokedAt: not null } => "The session was logged out.",
            _ when now >= session.ExpiresAt => "The session has expired.",
            { Bootstrap: true } when !tokens.IsConfigured(session.Role) => "The bootstrap token this session was opened with is no longer set.",
            _ => null,
        };
        return failure is null ? (Principal(session!), null) : (null, failure);
    }

    /// <summary>Ends the session <paramref name="user"/> came with, in the database, so every silo refuses it from now on.</summary>
    public async Task<bool> LogOutAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(SessionClaim) is not { } sessionHash)
        {
            return false;
        }
        var name = user.Identity?.Name ?? "?";
        bool revoked;
        // Ending the session carries the audit row.
        using (AuditContext.Begin(AuditIntent.New(clock.GetUtcNow(), "log-out", name, null, "session ended") with { Actor = name }))
        {
            revoked = await store.RevokeSessionAsync(sessionHash, clock.GetUtcNow(), cancellationToken);
        }
        LogLoggedOut(logger, name);
        return revoked;
    }

    /// <summary>The identity of a bootstrap token sent as a bearer token: no session, nothing to log out.</summary>
    public static ClaimsPrincipal BootstrapPrincipal(OperatorRole role) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, BackOfficeTokens.RoleName(role)),
                new Claim(ClaimTypes.Role, BackOfficeTokens.RoleName(role)),
                new Claim(BootstrapClaim, "true"),
            ],
            BackOfficeTokens.Scheme));

    private static ClaimsPrincipal Principal(OperatorSession session) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, session.OperatorName),
                new Claim(ClaimTypes.Role, BackOfficeTokens.RoleName(session.Role)),
                new Claim(BootstrapClaim, session.Bootstrap ? "true" : "false"),
                new Claim(SessionClaim, session.SessionHash),
                new Claim(ExpiresClaim, session.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)),
            ],
            BackOfficeTokens.Scheme));

    private (OperatorSession? Session, string? Failure) CheckBootstrapToken(string name, string token)
    {
        if (tokens.RoleOf(token) is not { } role || (name.Length > 0 && name != BackOfficeTokens.RoleName(role)))
        {
            return (null, "not a bootstrap token of this silo");
        }
        return (NewSession(BackOfficeTokens.RoleName(role), role, bootstrap: true), null);
    }

    private async Task<(OperatorSession? Session, string? Failure)> CheckOperatorAsync(string name, string secret, CancellationToken cancellationToken)
    {
        if (await store.FindForLoginAsync(name, cancellationToken) is not { } found)
        {
            OperatorSecrets.VerifyDecoy(secret);
            return (null, "no such operator");
        }
        if (!OperatorSecrets.Verify(secret, found.SecretHash))
        {
            return (null, "wrong secret");
        }
        // Checked after the secret, so a disabled name answers as slowly as any other.
        if (found.Operator.DisabledAt is not null)
        {
            return (null, "the operator is disabled");
        }
        return (NewSession(name, found.Operator.Role, bootstrap: false), null);
    }

    private OperatorSession NewSession(string name, OperatorRole role, bool bootstrap)
    {
        var now = clock.GetUtcNow();
        return new OperatorSession("", name, role, bootstrap, now, now + Lifetime);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Back-office login failed for {Operator} from {Address}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string @operator, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Back-office login failed for {Operator} from {Address}: too many failed attempts, refused for {RetryAfterSeconds} s")]
    private static partial void LogThrottled(ILogger logger, string @operator, string address, int retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operator} ({Role}) logged in to the back office from {Address}")]
    private static partial void LogLoggedIn(ILogger logger, string @operator, string role, string address);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Someone logged in to the back office with the {Operator} bootstrap token although named operators exist: remove RETENTION_ADMIN_TOKEN and RETENTION_ANALYST_TOKEN from the silos' environment")]
    private static partial void LogBootstrapTokenStillSet(ILogger logger, string @operator);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operator} logged out of the back office")]
    private static partial void LogLoggedOut(ILogger logger, string @operator);
}

using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Auth;

/// <summary>How a login ended: a new session (and the id only its holder ever sees), refused, or throttled.</summary>
public sealed record LoginOutcome(string? SessionId, OperatorSession? Session, TimeSpan? RetryAfter)
{
    public static LoginOutcome Succeeded(string sessionId, OperatorSession session) => new(sessionId, session, null);

    public static LoginOutcome Refused { get; } = new(null, null, null);

    public static LoginOutcome Throttled(TimeSpan retryAfter) => new(null, null, retryAfter);

    /// <summary>Whole seconds to wait, for the Retry-After header (at least 1).</summary>
    public int RetryAfterSeconds => (int)Math.Max(1, Math.Ceiling(RetryAfter?.TotalSeconds ?? 0));
}

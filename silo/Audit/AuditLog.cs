using System.Security.Claims;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Audit;

/// <summary>One change made in the back office: who, when, what, on what, and how it ended.</summary>
public sealed record AuditEntry(string Id, DateTimeOffset At, string Actor, string Action, string Target, string? Detail, string Outcome);

/// <summary>
/// The back office's audit trail. An endpoint states its intent (<see cref="Intend"/>) and makes its grain calls and
/// store writes inside <see cref="AuditContext.Begin"/>: the write that carries out the change writes the row in its
/// own transaction, so no change is ever durable without it. Afterwards the endpoint records the outcome under the
/// same id (<see cref="RecordAsync(ClaimsPrincipal, AuditIntent, string)"/>): a no-op when the change wrote the row,
/// the only row when the call changed nothing (declined, refused, replayed).
/// </summary>
public sealed class AuditLog(SqlAuditTrail trail, TimeProvider clock)
{
    /// <summary>A new intent, with its own id, for what the operator is about to do; <paramref name="outcome"/> is what its row says once done.</summary>
    public AuditIntent Intend(string action, string target, string? detail, string outcome = "done") =>
        AuditIntent.New(clock.GetUtcNow(), action, target, detail, outcome);

    /// <summary>
    /// Records how <paramref name="intent"/> ended; completes when durable. Changes nothing when a change already wrote
    /// the intent's row (with the outcome the intent foresaw).
    /// </summary>
    public Task RecordAsync(ClaimsPrincipal user, AuditIntent intent, string outcome) => trail.RecordAsync(intent.Record(Actor(user), outcome));

    /// <summary>Records something done that is not carried out by an audited write (a GDPR export); completes when durable.</summary>
    public Task RecordAsync(ClaimsPrincipal user, string action, string target, string? detail, string outcome) =>
        RecordAsync(user, Intend(action, target, detail, outcome), outcome);

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? target, int take, CancellationToken cancellationToken) =>
        [.. (await trail.ReadAsync(target, take, cancellationToken)).Select(r => new AuditEntry(r.Id, r.At, r.Actor, r.Action, r.Target, r.Detail, r.Outcome))];

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}

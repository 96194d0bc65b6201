using RetentionActors.Grains.Security;

namespace RetentionActors.Grains.Audit;

/// <summary>
/// The audit intent of the call being handled, carried in the <see cref="RequestContext"/>, so it flows from the
/// back-office endpoint into every grain call and store write made for it, across silos. Trusted for the same
/// reason as the operator: <see cref="CallerAuthorizationFilter"/> removes it from every call that comes from
/// outside the cluster.
/// </summary>
public static class AuditContext
{
    /// <summary>The request-context entry holding the <see cref="AuditIntent"/>.</summary>
    public const string Key = "ra-audit";

    public static AuditIntent? Current => RequestContext.Get(Key) as AuditIntent;

    /// <summary>
    /// Puts <paramref name="intent"/> on the calls and writes that follow in this flow until the scope is disposed
    /// (call it outside an async helper, in the method whose calls it covers).
    /// </summary>
    public static IDisposable Begin(AuditIntent intent)
    {
        var previous = Current;
        RequestContext.Set(Key, intent);
        return new Scope(previous);
    }

    /// <summary>
    /// Takes the intent off the calls and writes that follow until the scope is disposed: for a write that is a step
    /// of the change, not the change its row records.
    /// </summary>
    public static IDisposable Suspend()
    {
        var previous = Current;
        RequestContext.Remove(Key);
        return new Scope(previous);
    }

    /// <summary>
    /// The row a write made now should carry: the current intent, for the operator the call is made for. Null when
    /// there is no intent or nobody to name (a terminal's call, a reminder, the cluster itself). Read it when the
    /// change is decided, in the call's own flow: a write queued for later runs elsewhere.
    /// </summary>
    public static AuditRecord? RecordForCurrentCall() =>
        Current is { } intent && (intent.Actor ?? CallerContext.Operator) is { } actor ? intent.Record(actor) : null;

    private sealed class Scope(AuditIntent? previous) : IDisposable
    {
        public void Dispose()
        {
            if (previous is null)
            {
                RequestContext.Remove(Key);
            }
            else
            {
                RequestContext.Set(Key, previous);
            }
        }
    }
}

using System.Diagnostics;

namespace RetentionActors.Grains.Telemetry;

/// <summary>
/// Which trace a customer's write belongs to. A customer grain's commit pipeline writes what several calls decided in
/// one write, after those calls' turns, so the span current when the write is queued is not reliably theirs. The
/// pipeline notes each staging call's span, and makes the write's span the right one: that call's own when the write
/// holds one call's commit (the usual case; the call is still waiting for it), or a short <see cref="SpanName"/> span
/// linked to each of them when it holds several.
/// </summary>
public static class CommitTracing
{
    public const string ActivitySourceName = "RetentionActors.Grains";

    public const string SpanName = "customer commit";

    private static readonly ActivitySource s_tracing = new(ActivitySourceName);

    /// <summary>The span of the call staging a commit, when anyone traces; null otherwise (nothing is noted).</summary>
    public static Activity? Caller => Activity.Current;

    /// <summary>
    /// Makes the span of the write of <paramref name="stagedBy"/>'s commits current, and answers the span to stop after
    /// the write, if one was started here. Call inside the async method that awaits the write, so Activity.Current
    /// changes for that write only.
    /// </summary>
    public static Activity? EnterWrite(List<Activity>? stagedBy)
    {
        switch (stagedBy)
        {
            case null or []:
                Activity.Current = null;
                return null;
            case [var only]:
                Activity.Current = only;
                return null;
            default:
                Activity.Current = null;
                var links = stagedBy.Select(caller => new ActivityLink(caller.Context));
                var span = s_tracing.StartActivity(SpanName, ActivityKind.Internal, parentContext: default, links: links);
                span?.SetTag("retention.customer_commit.calls", stagedBy.Count);
                return span;
        }
    }
}

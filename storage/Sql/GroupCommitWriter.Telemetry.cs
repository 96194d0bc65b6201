using System.Diagnostics;
using RetentionActors.Grains.Telemetry;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Traces and metrics of the group commit. One span per batch (<see cref="BatchSpanName"/>), not one per write: a
/// batch is one transaction and one durable commit shared by every write in it, so a span per write would show the
/// same commit many times over, each as if it were that sale's own. The batch span starts a trace of its own and
/// carries an <see cref="ActivityLink"/> to the span of each caller that queued a write into it (the grain call that
/// booked the sale), so a sale's trace leads to the commit that made it durable, and the commit to every sale it held.
/// </summary>
public sealed partial class GroupCommitWriter
{
    /// <summary>The activity source of the storage spans.</summary>
    public const string ActivitySourceName = "RetentionActors.Storage";

    /// <summary>The name of the span of one group commit.</summary>
    public const string BatchSpanName = "group commit";

    private static readonly ActivitySource s_tracing = new(ActivitySourceName);

    // The caller's span, read only while someone listens: without a tracer the hot path does not look.
    private static ActivityContext CallerTrace() => s_tracing.HasListeners() && Activity.Current is { } caller ? caller.Context : default;

    private static Activity? StartBatchSpan(List<Job> batch)
    {
        if (!s_tracing.HasListeners())
        {
            return null;
        }
        var links = new List<ActivityLink>(batch.Count);
        foreach (var job in batch)
        {
            if (job.Caller != default)
            {
                links.Add(new ActivityLink(job.Caller));
            }
        }
        var span = s_tracing.StartActivity(BatchSpanName, ActivityKind.Internal, parentContext: default, links: links);
        span?.SetTag("retention.group_commit.writes", batch.Count);
        return span;
    }

    // After the callers are answered: what the batch took, and how many of its writes failed.
    private static void Observe(Activity? span, int writes, int failed, TimeSpan took)
    {
        RetentionMetrics.GroupCommitted(writes, took);
        if (failed > 0)
        {
            RetentionMetrics.StoreWritesRefused(failed);
            span?.SetTag("retention.group_commit.failed_writes", failed);
            span?.SetStatus(ActivityStatusCode.Error, failed == writes ? "every write failed" : "some writes failed");
        }
    }
}

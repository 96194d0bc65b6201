using System.Diagnostics.Metrics;

namespace RetentionActors.Grains.Telemetry;

/// <summary>
/// The silo's own business and storage metrics, all on one meter, <see cref="MeterName"/>. The names here are what
/// OpenTelemetry exports; Prometheus writes them with underscores and adds the unit and <c>_total</c> (for example
/// <c>retention_accruals_total</c>, <c>retention_group_commit_duration_seconds_bucket</c>); the Grafana dashboard in
/// <c>deploy/grafana</c> queries those, and a test checks that each of its queries names a metric the silo exports.
/// <para>
/// The meter is static: one silo runs per process in production, so a process-wide meter is a silo's meter. Recording
/// is a counter increment or a histogram entry with at most two tags taken from fixed strings, so the hot path of a
/// sale allocates nothing for it.
/// </para>
/// </summary>
public static class RetentionMetrics
{
    public const string MeterName = "RetentionActors";

    /// <summary>Purchases booked (replays of a receipt already booked are not counted again).</summary>
    public const string Accruals = "retention.accruals";

    /// <summary>Redemptions booked (replays not counted again).</summary>
    public const string Redemptions = "retention.redemptions";

    /// <summary>Requests declined, tagged <c>reason</c> (a <see cref="DeclineReason"/> name) and <c>operation</c> (the grain method).</summary>
    public const string Declines = "retention.declines";

    /// <summary>Histogram: how many writes each group commit carried.</summary>
    public const string GroupCommitSize = "retention.group_commit.size";

    /// <summary>Histogram: seconds from a group commit's first write to its commit (every caller in it waited as long).</summary>
    public const string GroupCommitDuration = "retention.group_commit.duration";

    /// <summary>
    /// Writes the store failed, tagged <c>kind</c>: <c>refused</c> (the database refused that write: a conflict, a key
    /// violation) or <c>unavailable</c> (no connection: the caller was told to retry).
    /// </summary>
    public const string StoreWriteFailures = "retention.store.write_failures";

    /// <summary>Webhook deliveries attempted, tagged <c>outcome</c> (recorded through <see cref="WebhookDelivered"/>).</summary>
    public const string WebhookDeliveries = "retention.webhook.deliveries";

    /// <summary>Histogram: seconds from an event's commit to its successful delivery (recorded through <see cref="WebhookDelivered"/>).</summary>
    public const string WebhookLag = "retention.webhook.lag";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_accruals = s_meter.CreateCounter<long>(Accruals, description: "Purchases booked");
    private static readonly Counter<long> s_redemptions = s_meter.CreateCounter<long>(Redemptions, description: "Redemptions booked");
    private static readonly Counter<long> s_declines = s_meter.CreateCounter<long>(Declines, description: "Requests declined, by reason and operation");
    private static readonly Histogram<int> s_groupCommitSize = s_meter.CreateHistogram<int>(GroupCommitSize, "{write}", "Writes per group commit",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
    private static readonly Histogram<double> s_groupCommitDuration = s_meter.CreateHistogram<double>(GroupCommitDuration, "s", "Group commit latency, first write to commit",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
    // Observed rather than added to, so both series exist from the start at 0: an alert or a dashboard panel on them
    // works before the first failure, and a rate() sees the first one.
    private static long s_writesRefused;
    private static long s_writesUnavailable;
    private static readonly ObservableCounter<long> s_storeWriteFailures = s_meter.CreateObservableCounter(StoreWriteFailures, () => new[]
    {
        new Measurement<long>(Interlocked.Read(ref s_writesRefused), new KeyValuePair<string, object?>("kind", "refused")),
        new Measurement<long>(Interlocked.Read(ref s_writesUnavailable), new KeyValuePair<string, object?>("kind", "unavailable")),
    }, description: "Store writes that failed, by kind");
    private static readonly Counter<long> s_webhookDeliveries = s_meter.CreateCounter<long>(WebhookDeliveries, description: "Webhook deliveries attempted, by outcome");
    private static readonly Histogram<double> s_webhookLag = s_meter.CreateHistogram<double>(WebhookLag, "s", "Event commit to successful webhook delivery",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 21600, 86400] });

    // Tag values are made once: recording a decline allocates nothing.
    private static readonly string[] s_reasonNames = Enum.GetValues<DeclineReason>().Select(r => r.ToString()).ToArray();
    private static readonly DeclineReason[] s_reasons = Enum.GetValues<DeclineReason>();

    public static void Accrued() => s_accruals.Add(1);

    public static void Redeemed() => s_redemptions.Add(1);

    /// <param name="operation">The grain method that declined (a name from metadata, not built per call).</param>
    public static void Declined(DeclineReason reason, string operation) =>
        s_declines.Add(1, new KeyValuePair<string, object?>("reason", ReasonName(reason)), new KeyValuePair<string, object?>("operation", operation));

    public static void GroupCommitted(int writes, TimeSpan took)
    {
        s_groupCommitSize.Record(writes);
        s_groupCommitDuration.Record(took.TotalSeconds);
    }

    /// <summary>Counts <paramref name="writes"/> writes the database refused (each failed alone; the rest of its batch committed).</summary>
    public static void StoreWritesRefused(int writes) => Interlocked.Add(ref s_writesRefused, writes);

    /// <summary>Counts <paramref name="writes"/> writes failed with the store unavailable (broken connection, outage).</summary>
    public static void StoreWritesUnavailable(int writes) => Interlocked.Add(ref s_writesUnavailable, writes);

    /// <summary>
    /// For the webhook sender: one delivery attempt. <paramref name="outcome"/> is one of a few fixed words
    /// (<c>delivered</c>, <c>failed</c>, <c>timeout</c>, <c>dead_lettered</c>…), never a URL or a subscription id: each
    /// distinct value is a time series. <paramref name="lag"/>, from the event's commit to now, is recorded for
    /// deliveries that succeeded.
    /// </summary>
    public static void WebhookDelivered(string outcome, TimeSpan? lag = null)
    {
        s_webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (lag is { } seconds)
        {
            s_webhookLag.Record(seconds.TotalSeconds);
        }
    }

    private static string ReasonName(DeclineReason reason)
    {
        var i = Array.IndexOf(s_reasons, reason);
        return i >= 0 ? s_reasonNames[i] : "Unknown";
    }
}

using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using RetentionActors.Contracts;
using RetentionActors.Grains.Telemetry;
using RetentionActors.Silo.Api;
using RetentionActors.Storage.Events;
using RetentionActors.Storage.Webhooks;

namespace RetentionActors.Silo.Webhooks;

/// <summary>
/// Delivers the outbox's events to webhook subscriptions: a fixed number of workers per silo, each taking the lease of
/// one due subscription at a time (<see cref="SqlWebhookStore.ClaimAsync"/>), so however many silos run, one worker
/// delivers a subscription. A subscription's events go out one at a time in commit order, the next only once the
/// receiver acknowledged the one before: so a customer's later event never arrives before an earlier one, at the price
/// that one failing event holds back the subscription's others. Its position is stored after each acknowledgement;
/// a silo killed in between leaves the event unacknowledged, and it is sent again (at least once; receivers deduplicate
/// by event id).
/// </summary>
public sealed partial class WebhookDelivery(
    SqlWebhookStore store, SqlEventFeed feed, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDelivery> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    // Names this silo's workers in the lease column; unique per process start.
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    // No redirects: the receiver registered is the one that gets the events (and the signature). Connections go only to
    // the addresses WebhookNetworks allows, checked on each connection (a host's addresses can change).
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseProxy = false,
        ConnectCallback = options.Value.Networks().ConnectAsync,
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private WebhookOptions Options => options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Options.Workers).Select(worker => Task.Run(() => WorkAsync($"{_owner}#{worker}", stoppingToken), stoppingToken)));

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task WorkAsync(string owner, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await store.ClaimAsync(owner, clock.GetUtcNow(), Options.Lease) is { } lease)
                {
                    await DeliverOrHandBackAsync(lease, stop);
                    continue;
                }
                await Task.Delay(Options.PollInterval, clock, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The lease runs out and the subscription is taken up again later. A database away is logged once by the
                // silo, not every second by each worker.
                if (exception is not StoreUnavailableException)
                {
                    LogWorkerFailed(logger, exception);
                }
                try
                {
                    await Task.Delay(Options.PollInterval, clock, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // A silo stopping (a rolling upgrade) hands its subscription back at once, rather than leaving it until the lease runs
    // out; the event it was sending is not acknowledged, so it is sent again.
    private async Task DeliverOrHandBackAsync(WebhookLease lease, CancellationToken stop)
    {
        try
        {
            await DeliverAsync(lease, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await store.HandBackAsync(lease);
            throw;
        }
    }

    private async Task DeliverAsync(WebhookLease lease, CancellationToken stop)
    {
        var subscription = lease.Subscription;
        var (position, attempts, failingSince) = (subscription.Position, subscription.Attempts, subscription.FailingSince);
        var events = await feed.ReadAsync(position, Options.BatchSize, stop);
        if (events.Count > 0 && events[0].Position > position + 1)
        {
            // Positions have no gaps: the events in between were pruned (a replay or a new subscription raced the pruning).
            var missing = $"the events after position {position} up to {events[0].Position - 1} were deleted after the retention before delivery; replay from {events[0].Position} to go on without them";
            await store.PauseOnMissingEventsAsync(lease, position, missing);
            LogMissing(logger, subscription.Id, missing);
            return;
        }
        foreach (var next in events)
        {
            if (subscription.EventTypes.Count > 0 && !subscription.EventTypes.Contains(next.Type))
            {
                position = next.Position;
                continue;
            }
            if (clock.GetUtcNow() + Options.Timeout >= lease.Until)
            {
                // Another attempt could outlast the lease: give it back with what is done and take it again.
                await store.ReleaseAsync(lease, position, 0, clock.GetUtcNow());
                return;
            }
            var failure = await SendAsync(subscription.Url, lease.Secret, next, stop);
            var now = clock.GetUtcNow();
            if (failure is null)
            {
                RetentionMetrics.WebhookDelivered("delivered", now - next.RecordedAt);
                (position, attempts, failingSince) = (next.Position, 0, null);
                if (!await store.AdvanceAsync(lease, position, 1, now))
                {
                    LogLeaseLost(logger, subscription.Id);
                    return;
                }
                continue;
            }
            attempts++;
            failingSince ??= now;
            if (now - failingSince >= Options.GiveUpAfter)
            {
                RetentionMetrics.WebhookDelivered("dead_lettered");
                await store.PauseAsync(lease, position, next.Position, next.Id, attempts, failure, now);
                LogPaused(logger, subscription.Id, next.Position, attempts, failure);
                return;
            }
            RetentionMetrics.WebhookDelivered("failed");
            var wait = Backoff(attempts);
            await store.FailAsync(lease, position, attempts, failingSince.Value, now + wait, failure);
            LogRetrying(logger, subscription.Id, next.Position, attempts, failure, wait);
            return;
        }
        // A full page: more are waiting, so the subscription is due at once; otherwise when the next poll comes round.
        await store.ReleaseAsync(lease, position, 0, events.Count == Options.BatchSize ? clock.GetUtcNow() : clock.GetUtcNow() + Options.PollInterval);
    }

    /// <summary>Null when the receiver acknowledged (2xx); otherwise what went wrong, without the body or the secret.</summary>
    private async Task<string?> SendAsync(Uri url, string secret, StoredEvent stored, CancellationToken stop)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(EventsApi.ChangeEvent.From(stored), Json);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.EventIdHeader, stored.Id.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return $"no answer within {Options.Timeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException exception) when (exception.InnerException is WebhookAddressRefusedException refused)
        {
            return refused.Message;
        }
        catch (HttpRequestException exception)
        {
            return $"{exception.HttpRequestError}: {exception.Message}";
        }
    }

    private TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks((long)Math.Min(Options.MaxRetry.Ticks, Options.FirstRetry.Ticks * Math.Pow(2, Math.Min(attempts - 1, 40))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {SubscriptionId}: event at position {Position} failed (attempt {Attempts}: {Failure}); next attempt in {Wait}")]
    private static partial void LogRetrying(ILogger logger, string subscriptionId, long position, int attempts, string failure, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {SubscriptionId} paused: the event at position {Position} failed {Attempts} times, the last with {Failure}. It is in the subscription's dead letters; fix the receiver, then replay from it (POST /api/webhooks/{SubscriptionId}/replay)")]
    private static partial void LogPaused(ILogger logger, string subscriptionId, long position, int attempts, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {SubscriptionId} paused: {Missing}")]
    private static partial void LogMissing(ILogger logger, string subscriptionId, string missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {SubscriptionId}: this silo's lease ran out during delivery; another worker carries on")]
    private static partial void LogLeaseLost(ILogger logger, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook delivery worker failed; it tries again shortly")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception);
}

using System.Globalization;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Events;
using RetentionActors.Silo.Webhooks;
using RetentionActors.Storage.Events;
using RetentionActors.Storage.Webhooks;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Webhook subscriptions: admins create, replay and delete them; every operator sees how their delivery stands. The
/// secret is answered once, when the subscription is created, and never again (it is stored, to sign with).
/// </summary>
public static class WebhooksApi
{
    /// <param name="EventTypes">The types to send (docs/events.md); null or empty: all.</param>
    /// <param name="After">Start after this cursor (a change feed position); null: with the events from now on.</param>
    public sealed record WebhookRequest(string Url, IReadOnlyList<string>? EventTypes = null, string? After = null);

    /// <param name="From">The position of the first event to send again (a dead letter's, for one the subscription gave up on).</param>
    public sealed record ReplayRequest(string From);

    /// <param name="Position">Every event up to this position is delivered (or not of a type sent).</param>
    /// <param name="Head">The newest event's position; <paramref name="Lag"/> is how many positions behind it the subscription is.</param>
    /// <param name="Attempts">Failed attempts at the next event; with <paramref name="LastError"/> and <paramref name="NextAttemptAt"/> while it fails.</param>
    public sealed record WebhookView(
        string Id, Uri Url, IReadOnlyList<string> EventTypes, WebhookStatus Status, string Position, string Head, long Lag, long Delivered,
        int Attempts, DateTimeOffset? FailingSince, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, string CreatedBy)
    {
        public static WebhookView Of(WebhookSubscription s, long head) => new(s.Id, s.Url, s.EventTypes, s.Status, Cursor(s.Position), Cursor(head),
            Math.Max(0, head - s.Position), s.Delivered, s.Attempts, s.FailingSince, s.NextAttemptAt, s.LastError, s.CreatedAt, s.CreatedBy);
    }

    /// <summary>The answer to a creation: the only time the secret is shown.</summary>
    public sealed record CreatedWebhook(WebhookView Subscription, string Secret);

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        api.MapPost("/webhooks", CreateAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Subscribes a URL to events; answers the signing secret, once.");
        api.MapGet("/webhooks", ListAsync).WithSummary("Every subscription and how its delivery stands.");
        api.MapGet("/webhooks/{id}", GetAsync).WithSummary("One subscription and how its delivery stands: position, lag, failing attempts, pause.");
        api.MapGet("/webhooks/{id}/dead-letters", DeadLettersAsync).WithSummary("The events the subscription gave up on after retrying them for the whole retry window.");
        api.MapPost("/webhooks/{id}/replay", ReplayAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Sends every event from a position on again, and resumes a paused subscription.");
        api.MapDelete("/webhooks/{id}", DeleteAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy).WithSummary("Ends a subscription.");
        return api;
    }

    private static async Task<Results<Created<CreatedWebhook>, ValidationProblem>> CreateAsync(
        WebhookRequest request, SqlWebhookStore store, SqlEventFeed feed, IOptions<WebhookOptions> options, TimeProvider clock, ClaimsPrincipal user)
    {
        if (UrlProblem(request.Url, options.Value.Networks()) is { } problem)
        {
            return Problems.Invalid("url", problem);
        }
        var types = request.EventTypes ?? [];
        if (types.FirstOrDefault(t => !EventTypes.All.Contains(t)) is { } unknown)
        {
            return Problems.Invalid("eventTypes", $"Unknown event type '{Shown(unknown)}'; the types are {string.Join(", ", EventTypes.All)}.");
        }
        long? after = null;
        if (request.After is not null)
        {
            if (!TryParseCursor(request.After, out var cursor))
            {
                return Problems.Invalid("after", "after is a change feed cursor (a position, 0 or more), or left out to start with the events from now on.");
            }
            after = cursor;
            if (await feed.FirstKeptAsync() is var firstKept && cursor < firstKept - 1)
            {
                return Problems.Invalid("after", $"The events after cursor {Cursor(cursor)} up to {Cursor(firstKept - 1)} were deleted after the retention (Events__Retention); start at {Cursor(firstKept - 1)} or later.");
            }
        }
        var now = clock.GetUtcNow();
        var head = await feed.HeadAsync();
        var actor = user.Identity?.Name ?? "anonymous";
        var subscription = new WebhookSubscription("wh_" + Guid.CreateVersion7().ToString("N"), new Uri(request.Url), [.. types.Distinct()],
            WebhookStatus.Active, Math.Min(after ?? head, head), 0, null, now, null, 0, now, actor);
        var secret = WebhookSignature.NewSecret();
        await store.CreateAsync(subscription, secret, Audit(clock, actor, "webhook-create", subscription.Id, subscription.Url.GetLeftPart(UriPartial.Path)));
        return TypedResults.Created($"/api/webhooks/{subscription.Id}", new CreatedWebhook(WebhookView.Of(subscription, head), secret));
    }

    private static async Task<Ok<IReadOnlyList<WebhookView>>> ListAsync(SqlWebhookStore store, SqlEventFeed feed, CancellationToken cancellationToken)
    {
        var head = await feed.HeadAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WebhookView>>([.. (await store.ListAsync(cancellationToken)).Select(s => WebhookView.Of(s, head))]);
    }

    private static async Task<Results<Ok<WebhookView>, NotFound>> GetAsync(string id, SqlWebhookStore store, SqlEventFeed feed, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } subscription
            ? TypedResults.Ok(WebhookView.Of(subscription, await feed.HeadAsync(cancellationToken)))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<WebhookDeadLetter>>, NotFound>> DeadLettersAsync(string id, SqlWebhookStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is null ? TypedResults.NotFound() : TypedResults.Ok(await store.DeadLettersAsync(id, cancellationToken));

    private static async Task<Results<Ok<WebhookView>, NotFound, ValidationProblem>> ReplayAsync(
        string id, ReplayRequest request, SqlWebhookStore store, SqlEventFeed feed, TimeProvider clock, ClaimsPrincipal user)
    {
        if (!TryParseCursor(request.From, out var from) || from < 1)
        {
            return Problems.Invalid("from", "from is the position of the first event to send again (1 or more): a dead letter's, or an event's from the change feed.");
        }
        if (from > await feed.HeadAsync() + 1)
        {
            return Problems.Invalid("from", "from is after the newest event: a replay from there would skip the events still to come.");
        }
        if (await feed.FirstKeptAsync() is var firstKept && from < firstKept)
        {
            return Problems.Invalid("from", $"The events before position {Cursor(firstKept)} were deleted after the retention (Events__Retention); replay from {Cursor(firstKept)} or later.");
        }
        var actor = user.Identity?.Name ?? "anonymous";
        if (!await store.ReplayAsync(id, from - 1, clock.GetUtcNow(), Audit(clock, actor, "webhook-replay", id, $"from {Cursor(from)}")))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(WebhookView.Of((await store.GetAsync(id))!, await feed.HeadAsync()));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, SqlWebhookStore store, TimeProvider clock, ClaimsPrincipal user) =>
        await store.DeleteAsync(id, Audit(clock, user.Identity?.Name ?? "anonymous", "webhook-delete", id, null)) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>
    /// An absolute https URL (http only to this machine, for a receiver next to the silo), without a user name or password
    /// in it (the subscription's URL is shown to every operator), at most 2000 characters, and not an address webhooks
    /// may not reach (a host name is checked when a delivery connects: what it resolves to can change).
    /// </summary>
    private static string? UrlProblem(string url, WebhookNetworks networks)
    {
        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return "url is an absolute https URL of at most 2000 characters.";
        }
        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            return "url must use https (http is accepted for a receiver on this machine only): the events carry customers' points.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "url must not carry a user name or password: every operator can see it. Authenticate deliveries by their signature.";
        }
        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && !networks.Allows(address)
            ? new WebhookAddressRefusedException(uri.DnsSafeHost, [address]).Message
            : null;
    }

    private static AuditRecord Audit(TimeProvider clock, string actor, string action, string target, string? detail) =>
        new(AuditIntent.NewId(), clock.GetUtcNow(), actor, action, target, detail, "done");

    private static string Shown(string text) => text.Length > 64 ? text[..64] + "…" : text;

    private static string Cursor(long position) => position.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseCursor(string cursor, out long position) =>
        long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out position);
}

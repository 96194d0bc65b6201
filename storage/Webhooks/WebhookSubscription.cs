namespace RetentionActors.Storage.Webhooks;

/// <summary>Whether a subscription's events are being delivered.</summary>
public enum WebhookStatus
{
    Active,

    /// <summary>An event kept failing for longer than the retry window: it is in the dead letters; nothing is sent until a replay.</summary>
    Paused,
}

/// <summary>
/// A webhook subscription and where its delivery stands. The secret is not here: only the delivery reads it
/// (<see cref="WebhookLease"/>), so no listing or status can show it.
/// </summary>
/// <param name="EventTypes">The types sent; empty: all.</param>
/// <param name="Position">Every event up to this position was delivered (or is not of a type sent).</param>
/// <param name="Attempts">Failed attempts at the event after <paramref name="Position"/>.</param>
public sealed record WebhookSubscription(
    string Id, Uri Url, IReadOnlyList<string> EventTypes, WebhookStatus Status, long Position, int Attempts, DateTimeOffset? FailingSince,
    DateTimeOffset NextAttemptAt, string? LastError, long Delivered, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A subscription a worker holds the lease of until <paramref name="Until"/>: no other worker, in any silo, delivers it meanwhile.</summary>
public sealed record WebhookLease(WebhookSubscription Subscription, string Secret, string Owner, DateTimeOffset Until);

/// <summary>An event a subscription gave up on: the subscription was paused at it.</summary>
public sealed record WebhookDeadLetter(string SubscriptionId, long Position, Guid EventId, int Attempts, string? LastError, DateTimeOffset FailedAt);

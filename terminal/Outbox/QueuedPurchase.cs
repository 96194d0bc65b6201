using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// A purchase waiting in the outbox, in the order it was rung up, with its original time and receipt identity;
/// <see cref="Attempts"/> and <see cref="RetryAt"/> after unexpected errors (not before that time).
/// </summary>
public sealed record QueuedPurchase(long Sequence, string CardId, Purchase Purchase, DateTimeOffset QueuedAt, int Attempts = 0, DateTimeOffset? RetryAt = null);

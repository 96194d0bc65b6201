using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Terminal.Outbox;

/// <summary>A purchase waiting in the outbox, in the order it was rung up, with its original time and receipt identity.</summary>
public sealed record QueuedPurchase(long Sequence, string CardId, Purchase Purchase, DateTimeOffset QueuedAt);

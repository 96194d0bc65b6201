using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// A purchase the silo refused, kept in the outbox until the back office books or dismisses it: the sale as rung up,
/// the reason code and message, since when, after how many attempts, the till's clock skew when that was why, and
/// when the cluster acknowledged the report (null: not reported yet).
/// </summary>
public sealed record OutboxDeadLetter(
    long Sequence, string CardId, Purchase Purchase, DateTimeOffset QueuedAt, string ReasonCode, string Message, DateTimeOffset Since, int Attempts,
    TimeSpan? ClockSkew, DateTimeOffset? ReportedAt);

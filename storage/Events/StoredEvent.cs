namespace RetentionActors.Storage.Events;

/// <summary>An event as the outbox holds it.</summary>
/// <param name="Position">Its place in commit order across all customers: the change feed's cursor.</param>
/// <param name="CustomerSeq">1, 2, 3… among the events of its customer; null when it concerns no customer.</param>
/// <param name="Payload">JSON, one of the versioned records of <c>EventPayloads</c>.</param>
public sealed record StoredEvent(
    long Position, Guid Id, string? CustomerId, long? CustomerSeq, string Type, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string Payload);

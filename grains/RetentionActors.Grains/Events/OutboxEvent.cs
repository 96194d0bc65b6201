namespace RetentionActors.Grains.Events;

/// <summary>
/// Something that happened, on its way to the outbox: stored in the same transaction as the change it reports, then
/// read by the change feed and the webhooks. <see cref="Payload"/> is the JSON of one of the records in
/// <see cref="EventPayloads"/>, never of a wire record, so the wire contracts can change without breaking receivers.
/// The id is chosen when the change is decided, so a write that is run again keeps it.
/// </summary>
/// <param name="CustomerId">The customer it concerns; the per-customer order is kept among events of one customer. Null for a coupon nobody holds.</param>
public sealed record OutboxEvent(Guid Id, string Type, string? CustomerId, DateTimeOffset OccurredAt, string Payload)
{
    public static OutboxEvent Create<T>(string type, string? customerId, DateTimeOffset occurredAt, T payload) where T : EventPayloads.IPayload =>
        new(Guid.CreateVersion7(occurredAt), type, customerId, occurredAt, StorageJson.Serialize(payload));
}

using RetentionActors.Grains.Storage;
using static RetentionActors.Grains.Events.EventPayloads;

namespace RetentionActors.Grains.Events;

/// <summary>
/// The events a customer commit carries, found by comparing it with the document it follows: every ledger entry, the
/// enrollment (the first document) and a change of tier. Derived in one place from what is written, so no grain method
/// can change points or tier and forget to say so.
/// </summary>
public static class CustomerEvents
{
    /// <param name="before">The customer's document before this commit; null before enrollment.</param>
    public static IReadOnlyList<OutboxEvent> Of(CustomerDocument? before, CustomerCommit commit, DateTimeOffset now)
    {
        var events = new List<OutboxEvent>();
        var customer = commit.CustomerId;
        if (before is null && commit.Document is { } enrolled)
        {
            events.Add(OutboxEvent.Create(EventTypes.CustomerEnrolled, customer, enrolled.EnrolledAt,
                new CustomerEnrolledV1(enrolled.EnrolledAt, enrolled.ReferredBy is not null)));
        }
        foreach (var entry in commit.Entries)
        {
            events.Add(OutboxEvent.Create(EventTypes.LedgerEntry, customer, entry.RecordedAt, new LedgerEntryV1(
                entry.Seq, entry.Kind.ToString(), entry.Points, entry.Amount, entry.BalanceAfter, entry.ReceiptKey, entry.CardId,
                entry.RefersTo, entry.OccurredAt, entry.RecordedAt, entry.Debt)));
        }
        if (commit.Document is { } after && after.Tier?.Tier != before?.Tier?.Tier)
        {
            // After the entries: the purchase that lifted the customer comes first in their stream.
            events.Add(OutboxEvent.Create(EventTypes.TierChanged, customer, now,
                new TierChangedV1(before?.Tier?.Tier, after.Tier?.Tier, after.Tier?.ReviewAt)));
        }
        return events;
    }
}

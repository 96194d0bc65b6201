using RetentionActors.Grains.Events;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Events;

/// <summary>
/// Rows of the <c>outbox_events</c> table, written inside the writer job of the change they report (a transactional
/// outbox): the event exists if and only if the change committed.
/// <para>
/// Positions are commit order. A sequence (bigserial) would not be: in a cluster every silo has its own group-commit
/// writer, so two transactions run at once and the one that took the lower number may commit later; a reader between
/// the two commits would see the higher position first and, resuming after it, skip the lower one for good. (Within
/// one silo the writer runs one transaction at a time, which would make a sequence safe, but not across silos.) So the
/// position is taken from the single row of <c>outbox_position</c>, whose row lock the transaction keeps until it
/// commits: whoever takes the next position commits before anyone can take the one after it, and a rolled-back
/// transaction gives its positions back. The price: from their first event to their commit, the transactions of
/// different silos that carry events run one after the other. On SQLite the database is locked for the
/// whole write anyway.
/// </para>
/// <para>
/// The per-customer sequence is read in a statement after the lock is taken, so it sees every committed event of the
/// customer, whichever silo wrote it (under READ COMMITTED each statement sees what committed before it began).
/// </para>
/// </summary>
internal static class SqlOutbox
{
    public const string Columns = "position, event_id, customer_id, customer_seq, type, occurred_utc, recorded_utc, payload";

    public static void Append(GroupCommitWriter writer, SqlDatabase database, IReadOnlyList<OutboxEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        var last = Convert.ToInt64(writer.Command("UPDATE outbox_position SET last_position = last_position + @count RETURNING last_position")
            .With("count", events.Count)
            .ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        var position = last - events.Count;
        var recorded = database.Utc(DateTimeOffset.UtcNow);
        foreach (var e in events)
        {
            writer.Command($"""
                INSERT INTO outbox_events ({Columns})
                SELECT @position, @id, @customer,
                       CASE WHEN @customer IS NULL THEN NULL ELSE coalesce(max(customer_seq), 0) + 1 END,
                       @type, @occurred, @recorded, @payload
                FROM outbox_events WHERE customer_id = @customer
                """)
                .With("position", ++position)
                .With("id", e.Id.ToString())
                .With("customer", e.CustomerId)
                .With("type", e.Type)
                .With("occurred", database.Utc(e.OccurredAt))
                .With("recorded", recorded)
                .With("payload", e.Payload)
                .ExecuteNonQuery();
        }
    }
}

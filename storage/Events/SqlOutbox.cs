using RetentionActors.Grains.Events;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Events;

/// <summary>
/// Rows of the <c>outbox_events</c> table, written in the same transaction as the change they report (a transactional
/// outbox): the event exists if and only if the change committed.
/// <para>
/// Positions are commit order. A sequence (bigserial) would not be: in a cluster every silo has its own group-commit
/// writer, so two transactions run at once and the one that took the lower number may commit later; a reader between
/// the two commits would see the higher position first and, resuming after it, skip the lower one for good. (Within
/// one silo the writer runs one transaction at a time, which would make a sequence safe, but not across silos.) So the
/// position is taken from the single row of <c>outbox_position</c>, whose row lock the transaction keeps until it
/// commits: whoever takes the next position commits before anyone can take the one after it, and a rolled-back
/// transaction gives its positions back. The price: transactions of different silos that carry events commit one
/// after the other. The events are therefore written last, once per transaction (<see cref="GroupCommitWriter.Publish"/>),
/// so the lock is held for those statements and the commit, not for the whole batch of writes. On SQLite the database
/// is locked for the whole write anyway.
/// </para>
/// <para>
/// The per-customer sequence continues from <c>outbox_customer_seq</c>, read in a statement after the lock is taken, so
/// it sees every committed event of the customer, whichever silo wrote it (under READ COMMITTED each statement sees
/// what committed before it began). It is a counter of its own rather than the highest sequence among the customer's
/// events because pruning deletes old events: a customer quiet for longer than the retention has none left, and would
/// start again at 1.
/// </para>
/// </summary>
internal static class SqlOutbox
{
    public const string Columns = "position, event_id, customer_id, customer_seq, type, occurred_utc, recorded_utc, payload";

    // Rows per INSERT: 7 parameters each keeps a statement far below SQLite's and PostgreSQL's parameter limits.
    private const int RowsPerStatement = 100;

    /// <summary>
    /// Writes a transaction's events as its last statements (<see cref="GroupCommitWriter.Publish"/>): positions first,
    /// then the rows. Each statement reads where this transaction's positions start from the row it has just moved and
    /// holds locked, so none needs an answer before the next is sent: all are deferred, and go in the group's one batch.
    /// </summary>
    public static void Write(GroupCommitWriter writer, SqlDatabase database, IReadOnlyList<OutboxEvent> events)
    {
        writer.Defer("UPDATE outbox_position SET last_position = last_position + @count")
            .With("count", events.Count)
            .Run(moved => moved == 1 ? null : new InvalidOperationException("The outbox_position table has lost its row: the schema was changed by hand."));
        var recorded = database.Utc(DateTimeOffset.UtcNow);
        var written = 0;
        foreach (var chunk in events.Chunk(RowsPerStatement))
        {
            var statement = writer.Defer(Insert(chunk.Length)).With("count", events.Count).With("recorded", recorded);
            for (var i = 0; i < chunk.Length; i++)
            {
                statement.With($"n{i}", written + i + 1L)
                    .With($"i{i}", chunk[i].Id.ToString())
                    .With($"c{i}", chunk[i].CustomerId)
                    .With($"t{i}", chunk[i].Type)
                    .With($"o{i}", database.Utc(chunk[i].OccurredAt))
                    .With($"d{i}", chunk[i].Payload);
            }
            statement.Run();
            writer.Defer(AdvanceSequences).With("count", events.Count).With("from", (long)written).With("to", (long)written + chunk.Length).Run();
            written += chunk.Length;
        }
    }

    // Where this transaction's positions start: the position row as this transaction moved it, less what it took.
    private const string Start = "(SELECT last_position - @count FROM outbox_position)";

    // Each customer's counter moves to the highest sequence the statement above gave them.
    private const string AdvanceSequences = $"""
        INSERT INTO outbox_customer_seq (customer_id, last_seq)
        SELECT customer_id, max(customer_seq) FROM outbox_events
        WHERE position > {Start} + @from AND position <= {Start} + @to AND customer_id IS NOT NULL
        GROUP BY customer_id
        ON CONFLICT (customer_id) DO UPDATE SET last_seq = excluded.last_seq
        """;

    // Built once per row count: the text is also the key of the writer's reused command, and building it per
    // transaction was a fortieth of the silo's allocations.
    private static readonly string?[] Inserts = new string?[RowsPerStatement + 1];

    private static string Insert(int rows) => Inserts[rows] ??= InsertOf(rows);

    // A customer's sequence continues from their counter (the statement sees every event committed before it, whichever
    // silo wrote it) and counts on through this statement's rows in position order. n numbers the transaction's events from 1.
    private static string InsertOf(int rows) => $"""
        WITH batch (n, event_id, customer_id, type, occurred_utc, payload) AS (
            VALUES {string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@n{i}, @i{i}, @c{i}, @t{i}, @o{i}, @d{i})"))}
        )
        INSERT INTO outbox_events ({Columns})
        SELECT {Start} + b.n, b.event_id, b.customer_id,
               CASE WHEN b.customer_id IS NULL THEN NULL ELSE
                   coalesce((SELECT s.last_seq FROM outbox_customer_seq s WHERE s.customer_id = b.customer_id), 0)
                   + row_number() OVER (PARTITION BY b.customer_id ORDER BY b.n) END,
               b.type, b.occurred_utc, @recorded, b.payload
        FROM batch b
        """;
}

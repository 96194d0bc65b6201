using RetentionActors.Grains.Events;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Events published by the writes of a transaction are kept here and written as its last statements, just before it
/// commits. Writing them takes the outbox's position lock (see <c>SqlOutbox</c>), which serialises the commits of
/// every silo that publishes events; taken at the end, it is held for those few statements and the commit instead of
/// for the whole batch of writes. The price: should that last statement fail (it has no conflicts of its own to meet:
/// event ids are fresh, positions and sequences are taken under the lock), the whole batch fails, where a write's own
/// failure fails only that write.
/// </summary>
public sealed partial class GroupCommitWriter
{
    private readonly List<OutboxEvent> _published = [];

    /// <summary>Set by the database: writes <see cref="Publish"/>ed events, in the order given, inside the transaction.</summary>
    public Action<GroupCommitWriter, IReadOnlyList<OutboxEvent>>? WritePublished { get; set; }

    /// <summary>
    /// For use inside a write: <paramref name="events"/> are stored in the same transaction as the write, after every
    /// write of the batch, and only if this write is part of what commits.
    /// </summary>
    public void Publish(IReadOnlyList<OutboxEvent> events)
    {
        if (events.Count > 0 && WritePublished is null)
        {
            throw new InvalidOperationException("This database stores no events: its writer was started without an outbox.");
        }
        _published.AddRange(events);
    }

    private void WritePublishedEvents()
    {
        if (_published.Count > 0)
        {
            WritePublished!(this, _published);
        }
    }

    // A write rolled back to its savepoint takes its events with it.
    private void ForgetPublishedSince(int mark) => _published.RemoveRange(mark, _published.Count - mark);
}

using System.Data.Common;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Events;

/// <summary>Reads the outbox in commit order: the change feed, and the webhook workers' source.</summary>
public sealed class SqlEventFeed(SqlDatabase database)
{
    /// <summary>Up to <paramref name="limit"/> events after position <paramref name="after"/>, oldest first.</summary>
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = $"SELECT {SqlOutbox.Columns} FROM outbox_events WHERE position > @after ORDER BY position LIMIT @limit";
            query.With("after", after).With("limit", limit);
            var events = new List<StoredEvent>();
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(Read(reader));
            }
            return events;
        });

    /// <summary>The position of the newest event committed; 0 when there is none. (Still the newest once pruning took every event.)</summary>
    public Task<long> HeadAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("SELECT last_position FROM outbox_position", cancellationToken);

    /// <summary>
    /// The position of the oldest event still kept (the head + 1 when pruning took them all). A reader whose cursor is
    /// below this minus one has missed the events in between: they were pruned (<see cref="SqlEventPruning"/>).
    /// </summary>
    public Task<long> FirstKeptAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("SELECT coalesce((SELECT min(position) FROM outbox_events), (SELECT last_position + 1 FROM outbox_position))", cancellationToken);

    private Task<long> ScalarAsync(string sql, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = sql;
            return Convert.ToInt64(await query.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        });

    internal StoredEvent Read(DbDataReader row) => new(
        row.GetInt64(0), Guid.Parse(row.GetString(1)), row.NullableString(2), row.IsDBNull(3) ? null : row.GetInt64(3), row.GetString(4),
        database.ReadUtc(row, 5), database.ReadUtc(row, 6), row.GetString(7));
}

using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Events;

/// <summary>
/// Deletes the oldest events of the outbox once they are older than the retention and every webhook subscription has
/// passed them. Only ever a prefix, in position order: the feed's positions stay gapless, so a reader whose cursor
/// falls before the oldest kept event can be told that it missed some (<see cref="SqlEventFeed.FirstKeptAsync"/>).
/// </summary>
public sealed class SqlEventPruning(SqlDatabase database)
{
    // Rows per write: the group-commit writer runs one at a time between the tills' writes, so each stays short.
    private const int RowsPerWrite = 1000;

    /// <summary>Deletes the events recorded before <paramref name="cutoff"/> that no subscription still needs; answers how many.</summary>
    public async Task<long> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var (from, upTo) = await RangeAsync(cutoff, cancellationToken);
        long deleted = 0;
        // Positions have no gaps, so each write deletes a range of them. The subscriptions' bound is read again in every
        // delete: a replay or a new subscription after the range was worked out holds back what it still needs.
        for (var lo = from; lo <= upTo; lo += RowsPerWrite)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = 0;
            await database.Writer.WriteAsync(writer => rows = writer.Command("""
                DELETE FROM outbox_events
                WHERE position >= @lo AND position <= @hi
                  AND position <= coalesce((SELECT min(position) FROM webhook_subscriptions), @hi)
                """).With("lo", lo).With("hi", Math.Min(lo + RowsPerWrite - 1, upTo)).ExecuteNonQuery());
            deleted += rows;
        }
        return deleted;
    }

    // The oldest event kept, and the last position to delete: just before the first event recorded at or after the cutoff
    // (found by walking the primary key from the oldest, so the cost is the rows to delete, and no further than the
    // subscriptions' bound), and no further than any subscription has got.
    private Task<(long From, long UpTo)> RangeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = """
                SELECT (SELECT coalesce(min(position), 1) FROM outbox_events), min(bound) FROM (
                    SELECT coalesce(
                        (SELECT position - 1 FROM outbox_events
                         WHERE recorded_utc >= @cutoff
                           AND position <= coalesce((SELECT min(position) FROM webhook_subscriptions) + 1, (SELECT last_position FROM outbox_position))
                         ORDER BY position LIMIT 1),
                        (SELECT last_position FROM outbox_position)) AS bound
                    UNION ALL
                    SELECT min(position) FROM webhook_subscriptions
                ) bounds
                """;
            query.With("cutoff", database.Utc(cutoff));
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            await row.ReadAsync(cancellationToken);
            return (row.GetInt64(0), row.GetInt64(1));
        });
}

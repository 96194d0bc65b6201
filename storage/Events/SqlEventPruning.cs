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
        var upTo = await UpToAsync(cutoff, cancellationToken);
        long deleted = 0;
        for (var rows = RowsPerWrite; rows == RowsPerWrite;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await database.Writer.WriteAsync(writer => rows = writer.Command("""
                DELETE FROM outbox_events WHERE position IN (
                    SELECT position FROM outbox_events WHERE position <= @upTo ORDER BY position LIMIT @rows)
                """).With("upTo", upTo).With("rows", RowsPerWrite).ExecuteNonQuery());
            deleted += rows;
        }
        return deleted;
    }

    // The last position to delete: just before the first event recorded at or after the cutoff (found by walking the
    // primary key from the oldest, so the cost is the rows to delete), and no further than any subscription has got.
    private Task<long> UpToAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = """
                SELECT min(bound) FROM (
                    SELECT coalesce(
                        (SELECT position - 1 FROM outbox_events WHERE recorded_utc >= @cutoff ORDER BY position LIMIT 1),
                        (SELECT last_position FROM outbox_position)) AS bound
                    UNION ALL
                    SELECT min(position) FROM webhook_subscriptions
                ) bounds
                """;
            query.With("cutoff", database.Utc(cutoff));
            return Convert.ToInt64(await query.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        });
}

using System.Data.Common;
using System.Globalization;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Webhooks;

/// <summary>
/// Webhook subscriptions and their delivery state in the cluster's database. Every silo runs the same delivery workers;
/// a lease on the subscription's row (<see cref="ClaimAsync"/>) makes sure one worker at a time delivers it, and every
/// write of progress names the lease owner, so a worker whose lease ran out (it hung, its silo was cut off) cannot move
/// a position another worker has taken over. The position only moves after the receiver acknowledged: a silo killed
/// mid-delivery leaves it where it was, and the next lease holder sends that event again.
/// </summary>
public sealed class SqlWebhookStore(SqlDatabase database)
{
    private const string Due = "status = 'Active' AND next_attempt_utc <= @now AND (lease_until IS NULL OR lease_until < @now)";

    private const string Columns =
        "id, url, event_types, status, position, attempts, failing_since, next_attempt_utc, last_error, delivered, created_utc, created_by";

    public async Task CreateAsync(WebhookSubscription subscription, string secret, AuditRecord audit)
    {
        var s = subscription;
        await database.Writer.WriteAsync(writer =>
        {
            writer.Command($"""
                INSERT INTO webhook_subscriptions ({Columns}, secret)
                VALUES (@id, @url, @types, @status, @position, 0, NULL, @next, NULL, 0, @created, @by, @secret)
                """)
                .With("id", s.Id).With("url", s.Url.ToString()).With("types", string.Join(',', s.EventTypes)).With("status", s.Status.ToString())
                .With("position", s.Position).With("next", database.Utc(s.NextAttemptAt)).With("created", database.Utc(s.CreatedAt))
                .With("by", s.CreatedBy).With("secret", secret)
                .ExecuteNonQuery();
            SqlAuditRows.Insert(writer, database, audit);
        });
    }

    public Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM webhook_subscriptions ORDER BY created_utc, id", null, cancellationToken);

    public async Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM webhook_subscriptions WHERE id = @id", id, cancellationToken)).SingleOrDefault();

    /// <summary>Removes the subscription and its dead letters; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, AuditRecord audit)
    {
        var deleted = false;
        await database.Writer.WriteAsync(writer =>
        {
            writer.Command("DELETE FROM webhook_dead_letters WHERE subscription_id = @id").With("id", id).ExecuteNonQuery();
            deleted = writer.Command("DELETE FROM webhook_subscriptions WHERE id = @id").With("id", id).ExecuteNonQuery() == 1;
            if (deleted)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return deleted;
    }

    /// <summary>
    /// Sends everything after <paramref name="after"/> again, from the next attempt on: the subscription is active again,
    /// and its dead letters from there on are dropped (they are being sent again). False when there is no such subscription.
    /// </summary>
    public async Task<bool> ReplayAsync(string id, long after, DateTimeOffset now, AuditRecord audit)
    {
        var found = false;
        await database.Writer.WriteAsync(writer =>
        {
            // The lease is dropped too: a worker still delivering the old position cannot record progress over the replay.
            found = writer.Command("""
                UPDATE webhook_subscriptions
                SET status = 'Active', position = @after, attempts = 0, failing_since = NULL, last_error = NULL, next_attempt_utc = @now,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = @id
                """).With("id", id).With("after", after).With("now", database.Utc(now)).ExecuteNonQuery() == 1;
            if (found)
            {
                writer.Command("DELETE FROM webhook_dead_letters WHERE subscription_id = @id AND position > @after").With("id", id).With("after", after).ExecuteNonQuery();
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return found;
    }

    public Task<IReadOnlyList<WebhookDeadLetter>> DeadLettersAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<WebhookDeadLetter>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = "SELECT subscription_id, position, event_id, attempts, last_error, failed_utc FROM webhook_dead_letters WHERE subscription_id = @id ORDER BY position";
            query.With("id", id);
            var letters = new List<WebhookDeadLetter>();
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                letters.Add(new(reader.GetString(0), reader.GetInt64(1), Guid.Parse(reader.GetString(2)), reader.GetInt32(3), reader.NullableString(4), database.ReadUtc(reader, 5)));
            }
            return letters;
        });

    /// <summary>
    /// Takes the lease of one active subscription that is due and not leased (or whose lease ran out), the one due
    /// longest; null when there is none. The lease condition is checked again on the row being updated, so of two
    /// workers that picked the same subscription at once only one gets it.
    /// </summary>
    public async Task<WebhookLease?> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease)
    {
        // Looked for with a read first: idle workers poll every second, and their writes would otherwise join the tills' batches.
        if (!await AnyDueAsync(now))
        {
            return null;
        }
        WebhookLease? claimed = null;
        var until = now + lease;
        await database.Writer.WriteAsync(writer =>
        {
            claimed = null;
            using var reader = writer.Command($"""
                UPDATE webhook_subscriptions SET lease_owner = @owner, lease_until = @until
                WHERE id = (SELECT id FROM webhook_subscriptions
                            WHERE {Due}
                            ORDER BY next_attempt_utc LIMIT 1)
                  AND status = 'Active' AND (lease_until IS NULL OR lease_until < @now)
                RETURNING {Columns}, secret
                """).With("owner", owner).With("until", database.Utc(until)).With("now", database.Utc(now)).ExecuteReader();
            if (reader.Read())
            {
                claimed = new WebhookLease(Read(reader), reader.GetString(12), owner, until);
            }
        });
        return claimed;
    }

    private Task<bool> AnyDueAsync(DateTimeOffset now) =>
        database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = $"SELECT 1 FROM webhook_subscriptions WHERE {Due} LIMIT 1";
            query.With("now", database.Utc(now));
            return await query.ExecuteScalarAsync() is not null;
        });

    /// <summary>Records that everything up to <paramref name="position"/> is done and keeps the lease; false when the lease was lost.</summary>
    public Task<bool> AdvanceAsync(WebhookLease lease, long position, int delivered, DateTimeOffset now) =>
        WriteLeasedAsync(lease, """
            UPDATE webhook_subscriptions
            SET position = @position, delivered = delivered + @delivered, attempts = 0, failing_since = NULL, last_error = NULL
            WHERE id = @id AND lease_owner = @owner AND position <= @position
            """, command => command.With("position", position).With("delivered", delivered));

    /// <summary>
    /// Records a failed attempt at the event after <paramref name="position"/> (everything before it is done) and gives the
    /// lease back; the subscription is due again at <paramref name="nextAttempt"/>. False when the lease was lost.
    /// </summary>
    public Task<bool> FailAsync(WebhookLease lease, long position, int attempts, DateTimeOffset failingSince, DateTimeOffset nextAttempt, string error) =>
        WriteLeasedAsync(lease, """
            UPDATE webhook_subscriptions
            SET position = @position, attempts = @attempts, failing_since = @since, next_attempt_utc = @next, last_error = @error,
                lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND position <= @position
            """, command => command.With("position", position).With("attempts", attempts).With("since", database.Utc(failingSince))
                .With("next", database.Utc(nextAttempt)).With("error", error));

    /// <summary>Gives up on the event at <paramref name="failed"/>: it goes to the dead letters and the subscription is paused before it.</summary>
    public Task<bool> PauseAsync(WebhookLease lease, long position, long failed, Guid eventId, int attempts, string error, DateTimeOffset now) =>
        WriteLeasedAsync(lease, """
            UPDATE webhook_subscriptions
            SET status = 'Paused', position = @position, attempts = @attempts, last_error = @error, lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND position <= @position
            """, command => command.With("position", position).With("attempts", attempts).With("error", error),
            writer => writer.Command("""
                INSERT INTO webhook_dead_letters (subscription_id, position, event_id, attempts, last_error, failed_utc)
                VALUES (@id, @failed, @event, @attempts, @error, @now)
                ON CONFLICT (subscription_id, position) DO UPDATE SET attempts = excluded.attempts, last_error = excluded.last_error, failed_utc = excluded.failed_utc
                """).With("id", lease.Subscription.Id).With("failed", failed).With("event", eventId.ToString()).With("attempts", attempts)
                .With("error", error).With("now", database.Utc(now)).ExecuteNonQuery());

    /// <summary>Gives the lease back with everything up to <paramref name="position"/> done; due again at <paramref name="nextAttempt"/>.</summary>
    public Task<bool> ReleaseAsync(WebhookLease lease, long position, int delivered, DateTimeOffset nextAttempt) =>
        WriteLeasedAsync(lease, """
            UPDATE webhook_subscriptions
            SET position = @position, delivered = delivered + @delivered, attempts = 0, failing_since = NULL, last_error = NULL,
                next_attempt_utc = @next, lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND position <= @position
            """, command => command.With("position", position).With("delivered", delivered).With("next", database.Utc(nextAttempt)));

    /// <summary>Gives the lease back without recording progress: its position is as the last acknowledgement left it.</summary>
    public Task<bool> HandBackAsync(WebhookLease lease) =>
        WriteLeasedAsync(lease, "UPDATE webhook_subscriptions SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner", _ => { });

    /// <summary>
    /// Pauses a subscription whose next events were deleted after the retention before it delivered them: there is no
    /// event to dead-letter, and carrying on would skip them without a word. <paramref name="error"/> says what to do.
    /// </summary>
    public Task<bool> PauseOnMissingEventsAsync(WebhookLease lease, long position, string error) =>
        WriteLeasedAsync(lease, """
            UPDATE webhook_subscriptions
            SET status = 'Paused', position = @position, last_error = @error, lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND position <= @position
            """, command => command.With("position", position).With("error", error));

    private async Task<bool> WriteLeasedAsync(WebhookLease lease, string sql, Action<DbCommand> bind, Action<GroupCommitWriter>? alsoWrite = null)
    {
        var held = false;
        await database.Writer.WriteAsync(writer =>
        {
            var command = writer.Command(sql).With("id", lease.Subscription.Id).With("owner", lease.Owner);
            bind(command);
            held = command.ExecuteNonQuery() == 1;
            if (held)
            {
                alsoWrite?.Invoke(writer);
            }
        });
        return held;
    }

    private Task<IReadOnlyList<WebhookSubscription>> QueryAsync(string sql, string? id, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<WebhookSubscription>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = sql;
            if (id is not null)
            {
                query.With("id", id);
            }
            var subscriptions = new List<WebhookSubscription>();
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                subscriptions.Add(Read(reader));
            }
            return subscriptions;
        });

    private WebhookSubscription Read(DbDataReader row) => new(
        row.GetString(0), new Uri(row.GetString(1)), row.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries), Enum.Parse<WebhookStatus>(row.GetString(3)),
        row.GetInt64(4), row.GetInt32(5), row.IsDBNull(6) ? null : database.ReadUtc(row, 6), database.ReadUtc(row, 7), row.NullableString(8),
        row.GetInt64(9), database.ReadUtc(row, 10), row.GetString(11));
}

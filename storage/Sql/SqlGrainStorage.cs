using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Orleans.Runtime;
using Orleans.Storage;
using RetentionActors.Grains;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Events;
using RetentionActors.Storage.Events;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Orleans grain storage in our own database (SQLite or PostgreSQL): one JSON row per grain and state name in
/// <c>grain_state</c>, with an integer ETag for optimistic concurrency. Writes go through the group-commit writer, so a
/// state write made for an audited back-office call writes the audit row in the same transaction, and a card or coupon
/// change its outbox events (<see cref="PendingEvents"/>). A database that
/// cannot be reached surfaces as <see cref="RetentionActors.Contracts.StoreUnavailableException"/>.
/// </summary>
public sealed class SqlGrainStorage(SqlDatabase database) : IGrainStorage
{
    /// <summary>Writes a grain's first version; writes nothing when another writer got there first.</summary>
    internal const string InsertFirstVersion = """
        INSERT INTO grain_state (state_name, grain_id, etag, payload, updated_utc) VALUES (@name, @grain, 1, @payload, @now)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Writes the next version over the one the writer read (@etag); writes nothing when it changed since.</summary>
    internal const string UpdateExpectedVersion = """
        UPDATE grain_state SET etag = etag + 1, payload = @payload, updated_utc = @now
        WHERE state_name = @name AND grain_id = @grain AND etag = @etag
        """;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = await database.ReadAsync(async connection =>
        {
            await using var query = Key(connection.CreateCommand(), stateName, grainId);
            query.CommandText = "SELECT etag, payload FROM grain_state WHERE state_name = @name AND grain_id = @grain";
            await using var reader = await query.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (ETag: reader.GetInt64(0), Payload: reader.GetString(1)) : ((long ETag, string Payload)?)null;
        });
        if (row is not { } stored)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }
        grainState.ETag = stored.ETag.ToString(CultureInfo.InvariantCulture);
        grainState.State = JsonSerializer.Deserialize<T>(stored.Payload, StorageJson.Options)!;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = JsonSerializer.Serialize(grainState.State, StorageJson.Options);
        var expected = grainState.ETag is null ? (long?)null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        // Read here, in the grain call's flow; the write itself runs on the writer's thread.
        var audit = AuditContext.RecordForCurrentCall();
        var events = PendingEvents.ForCurrentWrite();
        await database.Writer.WriteAsync(writer =>
        {
            // Deferred: sent with the rest of the group (one round trip on PostgreSQL); the etag is checked on its count.
            var statement = writer.Defer(expected is null ? InsertFirstVersion : UpdateExpectedVersion)
                .With("name", stateName)
                .With("grain", grainId.ToString())
                .With("payload", payload)
                .With("now", database.Utc(DateTimeOffset.UtcNow));
            if (expected is not null)
            {
                statement.With("etag", expected);
            }
            statement.Run(written => written == 1 ? null : Conflict(stateName, grainId, grainState.ETag));
            SqlAuditRows.Insert(writer, database, audit);
            writer.Publish(events);
        });
        grainState.ETag = ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = grainState.ETag;
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            var command = Key(writer.Command("DELETE FROM grain_state WHERE state_name = @name AND grain_id = @grain AND etag = @etag"), stateName, grainId)
                .With("etag", expected is null ? null : long.Parse(expected, CultureInfo.InvariantCulture));
            var deleted = command.ExecuteNonQuery();
            if (deleted != 1 && expected is not null)
            {
                throw Conflict(stateName, grainId, expected);
            }
            if (deleted == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static DbCommand Key(DbCommand command, string stateName, GrainId grainId) =>
        command.With("name", stateName).With("grain", grainId.ToString());

    private static InconsistentStateException Conflict(string stateName, GrainId grainId, string? etag) =>
        new($"State {stateName} of {grainId} was changed by another writer.", "unknown", etag ?? "none");
}

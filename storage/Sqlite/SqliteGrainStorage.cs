using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Orleans.Runtime;
using Orleans.Storage;
using RetentionActors.Grains;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Sqlite;

/// <summary>
/// Orleans grain storage in the embedded database: one JSON row per grain and state name, with an
/// integer ETag for optimistic concurrency. Writes go through the group-commit writer. A file that cannot be
/// read or written surfaces as <see cref="RetentionActors.Contracts.StoreUnavailableException"/>.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database) : IGrainStorage
{
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
        await database.Writer.WriteAsync(writer =>
        {
            var command = Key(writer.Command(expected is null
                ? """
                  INSERT INTO grain_state (state_name, grain_id, etag, payload, updated_utc) VALUES (@name, @grain, 1, @payload, @now)
                  ON CONFLICT DO NOTHING
                  """
                : """
                  UPDATE grain_state SET etag = etag + 1, payload = @payload, updated_utc = @now
                  WHERE state_name = @name AND grain_id = @grain AND etag = @etag
                  """), stateName, grainId)
                .With("payload", payload)
                .With("now", database.Utc(DateTimeOffset.UtcNow))
                .With("etag", expected);
            if (command.ExecuteNonQuery() != 1)
            {
                throw Conflict(stateName, grainId, grainState.ETag);
            }
        });
        grainState.ETag = ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = grainState.ETag;
        await database.Writer.WriteAsync(writer =>
        {
            var command = Key(writer.Command("DELETE FROM grain_state WHERE state_name = @name AND grain_id = @grain AND etag = @etag"), stateName, grainId)
                .With("etag", expected is null ? null : long.Parse(expected, CultureInfo.InvariantCulture));
            if (command.ExecuteNonQuery() != 1 && expected is not null)
            {
                throw Conflict(stateName, grainId, expected);
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

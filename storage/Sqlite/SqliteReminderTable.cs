using System.Data.Common;
using System.Globalization;
using Orleans;
using Orleans.Runtime;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Sqlite;

/// <summary>Durable Orleans reminders in the embedded database, so expiry and birthday reminders survive a restart.</summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_utc, period_ms, etag";

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync($"SELECT {Columns} FROM reminders WHERE grain_id = @grain", c => c.With("grain", grainId.ToString()));

    /// <summary>Rows whose grain hash lies in the ring range (begin, end]; when begin ≥ end the range wraps around.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        ReadAsync(
            begin < end
                ? $"SELECT {Columns} FROM reminders WHERE grain_hash > @begin AND grain_hash <= @end"
                : $"SELECT {Columns} FROM reminders WHERE grain_hash > @begin OR grain_hash <= @end",
            c => c.With("begin", (long)begin).With("end", (long)end));

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await ReadAsync($"SELECT {Columns} FROM reminders WHERE grain_id = @grain AND reminder_name = @name",
            c => c.With("grain", grainId.ToString()).With("name", reminderName));
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        long etag = 0;
        await database.Writer.WriteAsync(writer =>
        {
            etag = Convert.ToInt64(writer.Command("""
                    INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_utc, period_ms, etag)
                    VALUES (@grain, @name, @hash, @start, @period, 1)
                    ON CONFLICT (grain_id, reminder_name) DO UPDATE
                    SET start_utc = excluded.start_utc, period_ms = excluded.period_ms, etag = reminders.etag + 1
                    RETURNING etag
                    """)
                .With("grain", entry.GrainId.ToString())
                .With("name", entry.ReminderName)
                .With("hash", (long)entry.GrainId.GetUniformHashCode())
                .With("start", database.Utc(new DateTimeOffset(entry.StartAt.ToUniversalTime())))
                .With("period", (long)entry.Period.TotalMilliseconds)
                .ExecuteScalar(), CultureInfo.InvariantCulture);
        });
        return etag.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var removed = false;
        await database.Writer.WriteAsync(writer =>
        {
            removed = writer.Command("DELETE FROM reminders WHERE grain_id = @grain AND reminder_name = @name AND etag = @etag")
                .With("grain", grainId.ToString())
                .With("name", reminderName)
                .With("etag", long.TryParse(eTag, CultureInfo.InvariantCulture, out var etag) ? etag : -1)
                .ExecuteNonQuery() == 1;
        });
        return removed;
    }

    public Task TestOnlyClearTable() => database.Writer.WriteAsync(writer => writer.Command("DELETE FROM reminders").ExecuteNonQuery());

    private async Task<ReminderTableData> ReadAsync(string sql, Action<DbCommand> bind)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = sql;
        bind(query);
        var entries = new List<ReminderEntry>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = database.ReadUtc(reader, 2).UtcDateTime,
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return new ReminderTableData(entries);
    }
}

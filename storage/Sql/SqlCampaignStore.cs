using System.Data.Common;
using System.Globalization;
using Orleans.Runtime;
using RetentionActors.Contracts;
using RetentionActors.Grains;
using RetentionActors.Grains.Campaigns;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Campaign budgets in a relational database (SQLite or PostgreSQL). The counters stay where the campaign grain's state
/// always was, its <c>grain_state</c> row (JSON, with the row's ETag as version), now constant in size; each grant and
/// release is a row of <c>campaign_entries</c>, inserted in the same group-commit write as the counters it changes.
/// </summary>
public sealed class SqlCampaignStore(SqlDatabase database) : ICampaignStore
{
    // The state name and grain type the campaign grain's Orleans state was kept under: its counters' row is that row.
    private const string StateName = "campaign";

    public Task<StoredCampaign> LoadAsync(string campaignId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = "SELECT etag, payload FROM grain_state WHERE state_name = @name AND grain_id = @grain";
            query.With("name", StateName).With("grain", GrainKey(campaignId));
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            return await row.ReadAsync(cancellationToken)
                ? new StoredCampaign(StorageJson.Deserialize<CampaignCounters>(row.GetString(1)), row.GetInt64(0))
                : StoredCampaign.None;
        });

    public Task<long?> FindAsync(string campaignId, CampaignEntryKind kind, string key, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = EntrySql;
            return AsAmount(await WithEntry(query, campaignId, kind, key).ExecuteScalarAsync(cancellationToken));
        });

    public async Task<long?> RecordAsync(
        string campaignId, CampaignEntry entry, CampaignCounters counters, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var payload = StorageJson.Serialize(counters);
        long? earlier = null;
        await database.Writer.WriteAsync(writer =>
        {
            // The writer may run this again from scratch (group commit): it sets every outcome anew.
            earlier = null;
            var inserted = WithEntry(writer.Command("""
                INSERT INTO campaign_entries (campaign_id, kind, entry_key, amount, recorded_utc) VALUES (@campaign, @kind, @key, @amount, @now)
                ON CONFLICT DO NOTHING
                """), campaignId, entry.Kind, entry.Key)
                .With("amount", entry.Amount).With("now", database.Utc(DateTimeOffset.UtcNow))
                .ExecuteNonQuery();
            if (inserted == 0)
            {
                // Recorded before (a retried purchase or return): its answer stands, and the counters already count it.
                earlier = AsAmount(WithEntry(writer.Command(EntrySql), campaignId, entry.Kind, entry.Key).ExecuteScalar());
                return;
            }
            var write = writer.Command(expectedVersion == 0 ? SqlGrainStorage.InsertFirstVersion : SqlGrainStorage.UpdateExpectedVersion)
                .With("name", StateName).With("grain", GrainKey(campaignId)).With("payload", payload)
                .With("now", database.Utc(DateTimeOffset.UtcNow));
            if (expectedVersion != 0)
            {
                write.With("etag", expectedVersion);
            }
            if (write.ExecuteNonQuery() != 1)
            {
                // Thrown inside the write: the entry inserted above is rolled back with it.
                throw new ConcurrentUpdateException($"Campaign {campaignId} was changed by another writer; it reloads, and the same request may be sent again.");
            }
        });
        return earlier;
    }

    private const string EntrySql = "SELECT amount FROM campaign_entries WHERE campaign_id = @campaign AND kind = @kind AND entry_key = @key";

    private static DbCommand WithEntry(DbCommand command, string campaignId, CampaignEntryKind kind, string key) =>
        command.With("campaign", campaignId).With("kind", kind.ToString()).With("key", key);

    private static long? AsAmount(object? value) => value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static string GrainKey(string campaignId) => GrainId.Create(StateName, campaignId).ToString();
}

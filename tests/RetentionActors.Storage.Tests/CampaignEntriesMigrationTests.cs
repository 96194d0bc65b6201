using RetentionActors.Grains.Campaigns;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// Campaign state as older builds kept it (every grant and release in maps inside the state), as the schema step finds
/// it: each becomes a row, the state keeps only its counters, a retried purchase still gets its first grant, and other
/// grains' state is left alone.
/// </summary>
public sealed class CampaignEntriesMigrationTests
{
    private const string OlderState = """
        INSERT INTO grain_state (state_name, grain_id, etag, payload, updated_utc) VALUES
        ('campaign', 'campaign/spend-20', 7,
         '{"given":25,"grants":{"c-1/s1/t1/2026-03-01/1":10,"c-2/s1/t1/2026-03-01/2":20},"returned":5,"releases":{"c-2/s1/t2/2026-03-02/R-1":5}}', @at),
        ('campaign', 'campaign/tote', 2, '{"given":1,"grants":{"c-3/s1/t1/2026-03-01/9":1}}', @at),
        ('campaign', 'campaign/quiet', 1, '{"given":0,"grants":{},"returned":0,"releases":{}}', @at),
        ('card', 'card/mag:6012345678901', 3, '{"customerId":"c-1","grants":{"kept":1}}', @at);
        """;

    private static readonly string[] Entries =
    [
        "spend-20 Grant c-1/s1/t1/2026-03-01/1 10",
        "spend-20 Grant c-2/s1/t1/2026-03-01/2 20",
        "spend-20 Release c-2/s1/t2/2026-03-02/R-1 5",
        "tote Grant c-3/s1/t1/2026-03-01/9 1",
    ];

    [Fact]
    public Task Sqlite_turns_the_maps_of_campaign_state_into_rows() =>
        OlderBuildDatabases.SqliteAsync(Array.IndexOf(SqliteSchema.Steps, SqliteSchema.CampaignEntries),
            OlderState.Replace("@at", "'2026-03-02T09:00:00.0000000Z'", StringComparison.Ordinal), AssertMigratedAsync);

    [Fact]
    public Task Postgres_turns_the_maps_of_campaign_state_into_rows() =>
        OlderBuildDatabases.PostgresAsync(PostgresSchema.Steps.ToList().IndexOf(PostgresSchema.CampaignEntries),
            OlderState.Replace("@at", "'2026-03-02T09:00:00Z'", StringComparison.Ordinal), AssertMigratedAsync);

    private static async Task AssertMigratedAsync(SqlDatabase database)
    {
        var store = new SqlCampaignStore(database);

        Assert.Equal(Entries, await RowsAsync(database, "SELECT campaign_id || ' ' || kind || ' ' || entry_key || ' ' || amount FROM campaign_entries ORDER BY 1"));
        Assert.Equal(new StoredCampaign(new CampaignCounters(25, 5), 8), await store.LoadAsync("spend-20", Ct));
        Assert.Equal(new StoredCampaign(new CampaignCounters(1, 0), 3), await store.LoadAsync("tote", Ct));
        Assert.Equal(new StoredCampaign(CampaignCounters.None, 2), await store.LoadAsync("quiet", Ct));
        Assert.Empty(await RowsAsync(database, "SELECT grain_id FROM grain_state WHERE state_name = 'campaign' AND (payload LIKE '%grants%' OR payload LIKE '%releases%')"));
        Assert.Equal(["3 {\"customerId\":\"c-1\",\"grants\":{\"kept\":1}}"], await RowsAsync(database, "SELECT etag || ' ' || payload FROM grain_state WHERE state_name = 'card'"));

        // The purchase retried after the upgrade: its first grant, and nothing written.
        var retried = await store.RecordAsync("spend-20", new CampaignEntry(CampaignEntryKind.Grant, "c-1/s1/t1/2026-03-01/1", 75), new CampaignCounters(100, 5), 8, Ct);
        Assert.Equal(10, retried);
        Assert.Equal(new StoredCampaign(new CampaignCounters(25, 5), 8), await store.LoadAsync("spend-20", Ct));
    }

    private static Task<List<string>> RowsAsync(SqlDatabase database, string sql) => database.ReadAsync(async connection =>
    {
        await using var query = connection.CreateCommand();
        query.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await query.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

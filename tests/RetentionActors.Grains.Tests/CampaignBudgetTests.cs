using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Campaigns;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Sql;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A campaign's budget on two silos and each engine: exact under concurrent purchases, constant stored state however
/// many grants it made, and a retried grant or release answered as the first time, also after the grain reloads.
/// </summary>
public abstract class CampaignBudgetTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress);

    [Fact]
    public async Task Budget_is_exact_under_fifty_concurrent_purchases_across_two_silos()
    {
        var campaign = new CampaignSettings(NewId("spend"), "10 points over 20 EUR", CampaignKind.SpendBonus, Today.AddDays(-1), Today.AddDays(7))
        {
            Threshold = 20m,
            BonusPoints = 10,
            PointsBudget = 100,
        };
        var customers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _shop.EnrolledWithCardAsync()));
        var program = fixture.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);
        await program.UpdateAsync(TestClusters.Program with { Campaigns = [campaign] }, "op-campaign");
        // Rung up after the update: a sale earns under the program of its own time.
        var rungUp = DateTimeOffset.UtcNow;
        AccrualResult[] answers;
        try
        {
            answers = await Task.WhenAll(customers.Select(c => c.Card.EarnAsync(Purchase(NewId("BIG"), 25m) with { OccurredAt = rungUp })));
        }
        finally
        {
            await program.UpdateAsync(TestClusters.Program, "op-campaign-end");
        }
        var status = await fixture.Client.GetGrain<ICampaignGrain>(campaign.Id).GetAsync(campaign);

        Assert.Equal(10, answers.Count(a => a.BonusPoints == 10));
        Assert.Equal(100, answers.Sum(a => a.BonusPoints));
        Assert.Equal((100L, 0L, false), (status.Given, status.Remaining, status.Open));
        Assert.Equal(10, await ScalarAsync("SELECT count(*) FROM campaign_entries WHERE campaign_id = @id AND kind = 'Grant'", campaign.Id));
        Assert.Equal(100, await ScalarAsync("SELECT sum(amount) FROM campaign_entries WHERE campaign_id = @id", campaign.Id));
        var ledgerBonuses = 0L;
        foreach (var c in customers)
        {
            ledgerBonuses += (await c.Customer.GetLedgerAsync()).Where(e => e.Kind == LedgerEntryKind.Bonus).Sum(e => e.Points);
        }
        Assert.Equal(100, ledgerBonuses);
    }

    [Fact]
    public async Task Stored_state_keeps_its_size_however_many_grants_the_campaign_makes()
    {
        var id = NewId("many");
        var campaign = fixture.Client.GetGrain<ICampaignGrain>(id);
        await GrantOneEachAsync(campaign, 0, 100);
        var before = await StoredSizeAsync(id);

        // 899 more: Given goes from 100 to 999, the same number of digits, so the same size is the exact expectation.
        await GrantOneEachAsync(campaign, 100, 899);
        var after = await StoredSizeAsync(id);

        Assert.Equal(before, after);
        Assert.True(after < 64, $"stored state of {after} bytes");
        Assert.Equal(999, await ScalarAsync("SELECT count(*) FROM campaign_entries WHERE campaign_id = @id", id));
        Assert.Equal(999, (await campaign.GetAsync(Terms(id, budget: 10_000))).Given);
    }

    [Fact]
    public async Task A_retried_grant_or_release_gets_its_first_answer_also_after_the_campaign_reloads()
    {
        var id = NewId("retry");
        var campaign = fixture.Client.GetGrain<ICampaignGrain>(id);

        var first = await campaign.ReserveAsync("c-1/r1", 30, 50, allOrNothing: false);
        var second = await campaign.ReserveAsync("c-2/r1", 30, 50, allOrNothing: false);
        var firstWhenSpent = await campaign.ReserveAsync("c-1/r1", 30, 50, allOrNothing: false);
        await fixture.Cluster.DeactivateAsync(campaign);
        var secondReloaded = await campaign.ReserveAsync("c-2/r1", 30, 50, allOrNothing: false);
        var released = await campaign.ReleaseAsync("c-1/back-1", 5);
        var firstWithRoomAgain = await campaign.ReserveAsync("c-1/r1", 30, 50, allOrNothing: false);
        await fixture.Cluster.DeactivateAsync(campaign);
        var releasedAgain = await campaign.ReleaseAsync("c-1/back-1", 5);
        var third = await campaign.ReserveAsync("c-3/r1", 30, 50, allOrNothing: false);
        var status = await campaign.GetAsync(Terms(id, budget: 50));

        Assert.Equal((30L, 20L, 30L, 20L), (first, second, firstWhenSpent, secondReloaded));
        Assert.Equal((5L, 30L, 5L), (released, firstWithRoomAgain, releasedAgain));
        Assert.Equal(5, third); // what the release gave back, once
        Assert.Equal((50L, 5L, 0L), (status.Given, status.Returned, status.Remaining));
        Assert.Equal(4, await ScalarAsync("SELECT count(*) FROM campaign_entries WHERE campaign_id = @id", id));
    }

    [Fact]
    public async Task A_grant_decided_on_counters_another_writer_changed_is_refused_and_the_retry_counts_both()
    {
        var id = NewId("split");
        var campaign = fixture.Client.GetGrain<ICampaignGrain>(id);
        await campaign.ReserveAsync("c-1/r1", 10, 100, allOrNothing: false);
        // Another activation (a split cluster) grants 60 behind the grain's back.
        var store = Silo.GetRequiredService<ICampaignStore>();
        var stored = await store.LoadAsync(id, TestContext.Current.CancellationToken);
        await store.RecordAsync(id, new CampaignEntry(CampaignEntryKind.Grant, "c-9/r1", 60), stored.Counters with { Given = 70 }, stored.Version, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => campaign.ReserveAsync("c-2/r1", 50, 100, allOrNothing: false));
        var retried = await campaign.ReserveAsync("c-2/r1", 50, 100, allOrNothing: false);

        Assert.Equal(30, retried);
        Assert.Equal(100, (await campaign.GetAsync(Terms(id, budget: 100))).Given);
        Assert.Equal(100, await ScalarAsync("SELECT sum(amount) FROM campaign_entries WHERE campaign_id = @id", id));
    }

    private static async Task GrantOneEachAsync(ICampaignGrain campaign, int from, int count) =>
        Assert.All(await Task.WhenAll(Enumerable.Range(from, count).Select(i => campaign.ReserveAsync($"c-{i}/r1", 1, 10_000, allOrNothing: false))), g => Assert.Equal(1, g));

    private static CampaignSettings Terms(string id, long budget) =>
        new(id, id, CampaignKind.SpendBonus, Today.AddDays(-1), Today.AddDays(7)) { PointsBudget = budget };

    // The bytes the campaign's stored state takes: its grain_state row's JSON (ASCII, so characters are bytes).
    private Task<long> StoredSizeAsync(string campaignId) =>
        ScalarAsync("SELECT length(payload) FROM grain_state WHERE state_name = 'campaign' AND grain_id = @id", $"campaign/{campaignId}");

    private Task<long> ScalarAsync(string sql, string id) => Silo.GetRequiredService<SqlDatabase>().ReadAsync(async connection =>
    {
        await using var query = connection.CreateCommand();
        query.CommandText = sql;
        var parameter = query.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("id", id);
        query.Parameters.Add(parameter);
        return Convert.ToInt64(await query.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    });
}

[Collection(SqliteCluster.Name)]
public sealed class CampaignBudgetOnSqlite(SqliteClusterFixture fixture) : CampaignBudgetTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class CampaignBudgetOnPostgres(PostgresClusterFixture fixture) : CampaignBudgetTests(fixture);

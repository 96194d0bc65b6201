using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Campaigns;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Sql;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// The database lost in the middle of a campaign grant: the sale is refused retryably, and its retry is booked once with
/// the bonus once; the campaign's counters stay equal to its rows, whether the grant was lost or committed unanswered.
/// </summary>
public abstract class CampaignGrantFaultTests : IAsyncLifetime
{
    private StoreBackend _store = null!;
    private FlakyCampaignStore? _flaky;

    protected abstract Task<StoreBackend> CreateStoreAsync();

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task A_sale_whose_grant_met_the_database_going_away_is_refused_and_its_retry_is_booked_once_with_the_bonus_once()
    {
        await using var cluster = await TestClusters.StartAsync(silo =>
        {
            _store.Configure(silo);
            silo.Services.AddSingleton<ICampaignStore>(services => _flaky = new FlakyCampaignStore(new SqlCampaignStore(services.GetRequiredService<SqlDatabase>())));
        }, silos: 1);
        var campaign = new CampaignSettings(NewId("lost"), "10 points over 20 EUR", CampaignKind.SpendBonus, Today.AddDays(-1), Today.AddDays(7))
        {
            Threshold = 20m,
            BonusPoints = 10,
            PointsBudget = 15,
        };
        await cluster.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(TestClusters.Program with { Campaigns = [campaign] }, "op-fault");
        var (customer, card, _, _) = await new Shop(cluster.Client).EnrolledWithCardAsync();
        var rungUp = DateTimeOffset.UtcNow; // after the update: a sale earns under the program of its own time
        var committedUnanswered = Purchase(NewId("R1"), 25m) with { OccurredAt = rungUp };
        var neverWritten = Purchase(NewId("R2"), 25m) with { OccurredAt = rungUp };
        // The store is made when a campaign grain first needs it.
        await cluster.Client.GetGrain<ICampaignGrain>(campaign.Id).GetAsync(campaign);

        _flaky!.LoseNextAnswer();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => card.EarnAsync(committedUnanswered));
        var first = await card.EarnAsync(committedUnanswered);
        _flaky.RefuseNext();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => card.EarnAsync(neverWritten));
        var second = await card.EarnAsync(neverWritten);
        var firstAgain = await card.EarnAsync(committedUnanswered);

        // The first grant committed before its answer was lost: its retry gets those 10, not 10 more.
        Assert.Equal((10L, 5L, 10L), (first.BonusPoints, second.BonusPoints, firstAgain.BonusPoints));
        Assert.True(firstAgain.Replayed);
        var status = await cluster.Client.GetGrain<ICampaignGrain>(campaign.Id).GetAsync(campaign);
        Assert.Equal((15L, 0L), (status.Given, status.Remaining));
        Assert.Equal((2L, 15L), await EntriesAsync(cluster, campaign.Id));
        var ledger = await customer.GetLedgerAsync();
        Assert.Equal([(LedgerEntryKind.Purchase, 25L), (LedgerEntryKind.Bonus, 10L), (LedgerEntryKind.Purchase, 25L), (LedgerEntryKind.Bonus, 5L)],
            ledger.Select(e => (e.Kind, e.Points)));
    }

    // The campaign's rows: how many, and what they add up to.
    private static Task<(long Rows, long Amount)> EntriesAsync(InProcessTestCluster cluster, string campaignId) =>
        cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<SqlDatabase>().ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = "SELECT count(*), coalesce(sum(amount), 0) FROM campaign_entries WHERE campaign_id = @id";
            var parameter = query.CreateParameter();
            (parameter.ParameterName, parameter.Value) = ("id", campaignId);
            query.Parameters.Add(parameter);
            await using var row = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await row.ReadAsync(TestContext.Current.CancellationToken));
            return (Convert.ToInt64(row.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(row.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        });
}

public sealed class CampaignGrantFaultsOnSqlite : CampaignGrantFaultTests
{
    protected override Task<StoreBackend> CreateStoreAsync() => Task.FromResult<StoreBackend>(new StoreBackend.Sqlite());
}

public sealed class CampaignGrantFaultsOnPostgres : CampaignGrantFaultTests
{
    protected override async Task<StoreBackend> CreateStoreAsync() => await StoreBackend.Postgres.CreateAsync();
}

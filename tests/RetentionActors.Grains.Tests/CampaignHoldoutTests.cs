using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain.Uplift;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A campaign with a holdout: held-out customers get no bonus, and each customer keeps the group of their first
/// purchase in the campaign across a cluster restart, even after the campaign's holdout percentage changes.
/// </summary>
public abstract class CampaignHoldoutTests : IAsyncLifetime
{
    private StoreBackend _store = null!;

    protected abstract Task<StoreBackend> CreateStoreAsync();

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    // Now, not Shop.Today: a sale is judged by the program version in force when it occurred, and the campaign is in the newest.
    private static Contracts.Ledger.Purchase Sale(string receipt) => new("store-1", "till-1", receipt, DateTimeOffset.UtcNow, 25m);

    [Fact]
    public async Task Held_out_customers_get_no_bonus_and_keep_their_group_across_a_restart_and_a_change_of_percentage()
    {
        var campaign = new CampaignSettings("holdout-spring", "Spring bonus", CampaignKind.SpendBonus, Shop.Today.AddDays(-1), Shop.Today.AddDays(7))
        {
            Threshold = 10m, BonusPoints = 5, PointsBudget = 1_000_000, HoldoutPercent = 50,
        };
        var program = TestClusters.Program with { MinimumSpend = 0m, Campaigns = [campaign] };
        List<(string CustomerId, string CardId)> customers = [];
        Dictionary<string, bool> firstGroups = [];
        await using (var cluster = await TestClusters.StartAsync(_store.Configure))
        {
            await cluster.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(program, "holdout-test");
            var shop = new Shop(cluster.Client);
            for (var i = 0; i < 30; i++)
            {
                var enrolled = await shop.EnrolledWithCardAsync();
                customers.Add((enrolled.CustomerId, enrolled.CardId));
                var earned = await enrolled.Card.EarnAsync(Sale($"HO-{i}-1"));
                firstGroups[enrolled.CustomerId] = earned.BonusPoints == 0;
            }
        }
        // The groups the domain draw gives, and both groups have customers.
        Assert.All(customers, c => Assert.Equal(Holdout.IsHeldOut("campaign:holdout-spring", c.CustomerId, 50), firstGroups[c.CustomerId]));
        Assert.Contains(true, firstGroups.Values);
        Assert.Contains(false, firstGroups.Values);

        await using (var cluster = await TestClusters.StartAsync(_store.Configure, silos: 1, setProgram: false))
        {
            // A larger holdout would move some treated customers to held out if groups were drawn again; they are not.
            await cluster.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId)
                .UpdateAsync(program with { Campaigns = [campaign with { HoldoutPercent = 90 }] }, "holdout-test");
            var shop = new Shop(cluster.Client);
            var moved = customers.Count(c => !firstGroups[c.CustomerId] && Holdout.IsHeldOut("campaign:holdout-spring", c.CustomerId, 90));
            Assert.True(moved > 0, "the test needs treated customers a 90 % draw would hold out");
            for (var i = 0; i < customers.Count; i++)
            {
                var (customerId, cardId) = customers[i];
                var earned = await shop.Card(cardId).EarnAsync(Sale($"HO-{i}-2"));
                Assert.Equal(firstGroups[customerId] ? 0 : 5, earned.BonusPoints);
                var bonuses = (await shop.Customer(customerId).GetLedgerAsync()).Where(e => e.Kind == LedgerEntryKind.Bonus).Sum(e => e.Points);
                Assert.Equal(firstGroups[customerId] ? 0 : 10, bonuses);
            }
        }
    }

    [Fact]
    public async Task A_holdout_above_90_percent_is_refused_and_changes_nothing()
    {
        await using var cluster = await TestClusters.StartAsync(_store.Configure, silos: 1);
        var program = cluster.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);
        var before = await program.GetAsync();
        var campaign = new CampaignSettings("holdout-too-much", "Too much", CampaignKind.SpendBonus, Shop.Today, Shop.Today.AddDays(7))
        {
            Threshold = 10m, BonusPoints = 5, PointsBudget = 100, HoldoutPercent = 91,
        };
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => program.UpdateAsync(TestClusters.Program with { Campaigns = [campaign] }, "holdout-test"));
        Assert.Contains("0 to 90 %", refused.Message);
        Assert.Equal(before.Version, (await program.GetAsync()).Version);
    }
}

public sealed class CampaignHoldoutOnSqlite : CampaignHoldoutTests
{
    protected override Task<StoreBackend> CreateStoreAsync() => Task.FromResult<StoreBackend>(new StoreBackend.Sqlite());
}

public sealed class CampaignHoldoutOnPostgres : CampaignHoldoutTests
{
    protected override async Task<StoreBackend> CreateStoreAsync() => await StoreBackend.Postgres.CreateAsync();
}

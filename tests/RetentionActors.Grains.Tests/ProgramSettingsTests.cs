using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

public abstract class ProgramSettingsTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);
    private readonly IProgramGrain _program = fixture.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);

    [Fact]
    public async Task Invalid_settings_are_refused_with_every_problem_and_change_nothing()
    {
        var before = await _program.GetAsync();
        var bad = TestClusters.Program with
        {
            PointsPerCurrencyUnit = -1m,
            RedemptionValuePerPoint = 0m,
            CategoryMultipliers = new Dictionary<string, decimal> { [""] = 2m, ["wine"] = -3m },
        };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _program.UpdateAsync(bad, "op-1"));

        Assert.Contains("Points per currency unit", error.Message);
        Assert.Contains("Redemption value", error.Message);
        Assert.Contains("Category name ''", error.Message);
        Assert.Contains("Multiplier for 'wine'", error.Message);
        Assert.Equal(before, await _program.GetAsync());
    }

    [Fact]
    public async Task Changed_settings_apply_to_the_next_purchase_and_survive_deactivation()
    {
        var (_, card, _, _) = await _shop.EnrolledWithCardAsync();
        var before = await _program.GetAsync();
        try
        {
            var updated = await _program.UpdateAsync(TestClusters.Program with { PointsPerCurrencyUnit = 3m }, "op-marketing");
            await fixture.Cluster.DeactivateAsync(_program);

            var reread = await _program.GetAsync();
            var earned = await card.EarnAsync(Purchase("TRIPLE", 10m) with { OccurredAt = DateTimeOffset.UtcNow });
            var earlierSale = await card.EarnAsync(Purchase("BEFORE", 10m) with { OccurredAt = updated.EffectiveFrom!.Value.AddMinutes(-1) });

            Assert.Equal((before.Version + 1, "op-marketing"), (updated.Version, updated.UpdatedBy));
            Assert.Equal(3m, reread.Settings.PointsPerCurrencyUnit);
            Assert.Equal(30, earned.PointsEarned);
            Assert.Equal(10, earlierSale.PointsEarned); // judged by the rules in force when it occurred
        }
        finally
        {
            await _program.UpdateAsync(TestClusters.Program, "test-cleanup");
        }
    }

    [Fact]
    public async Task A_change_is_in_force_on_every_silo_as_soon_as_the_update_returns()
    {
        // Twenty customers land on both silos; each silo's rules cache is warm before the change.
        var cards = new List<Contracts.Cards.ILoyaltyCardGrain>();
        for (var i = 0; i < 20; i++)
        {
            var (_, card, _, _) = await _shop.EnrolledWithCardAsync();
            Assert.Equal(10, (await card.EarnAsync(Purchase(NewId("WARM"), 10m))).PointsEarned);
            cards.Add(card);
        }
        try
        {
            await _program.UpdateAsync(TestClusters.Program with { PointsPerCurrencyUnit = 4m }, "op-marketing");

            var earned = await Task.WhenAll(cards.Select(c => c.EarnAsync(Purchase(NewId("AFTER"), 10m) with { OccurredAt = DateTimeOffset.UtcNow })));
            Assert.All(earned, e => Assert.Equal(40, e.PointsEarned));
        }
        finally
        {
            await _program.UpdateAsync(TestClusters.Program, "test-cleanup");
        }
    }

    [Fact]
    public async Task Purchase_below_the_minimum_spend_is_recorded_but_earns_nothing()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        var result = await card.EarnAsync(Purchase("SMALL", 0.99m));

        Assert.Equal(new Contracts.Ledger.AccrualResult(0, 0, []), result);
        var summary = (await customer.GetAsync())!;
        Assert.Equal((1, 0.99m), (summary.VisitCount, summary.LifetimeSpend));
    }
}

[Collection(SqliteCluster.Name)]
public sealed class ProgramSettingsOnSqlite(SqliteClusterFixture fixture) : ProgramSettingsTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class ProgramSettingsOnPostgres(PostgresClusterFixture fixture) : ProgramSettingsTests(fixture);

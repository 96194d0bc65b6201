using System.Diagnostics;
using Orleans.Runtime;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Tests.Shared;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A customer and card nobody calls are deactivated after the silo's grain idle age, like any other grain: their
/// memory goes back once the day's selling stops (issue 22). The customer keeps no reminder: a maintenance sweep calls
/// it when something is due.
/// </summary>
public abstract class IdleCollectionTests : IAsyncLifetime
{
    // Short, so the test is short; long enough that a loaded machine still sees them alive through half of it.
    private static readonly TimeSpan IdleAge = TimeSpan.FromSeconds(6);

    private StoreBackend _store = null!;

    protected abstract Task<StoreBackend> CreateStoreAsync();

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task An_idle_customer_and_card_are_deactivated_after_the_idle_age_and_not_before()
    {
        await using var cluster = await TestClusters.StartAsync(silo =>
        {
            _store.Configure(silo);
            silo.UseGrainIdleAge(IdleAge);
        });
        var shop = new Shop(cluster.Client);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var (customer, card, customerId, _) = await shop.EnrolledWithCardAsync("Idle Ida");
        var accrual = await card.EarnAsync(Purchase("IDLE-1", 12.50m));
        var idle = Stopwatch.StartNew(); // started after the last call returned: it under-counts their idleness
        Assert.True(accrual.IsAccepted, accrual.Declined?.Message);
        GrainId[] watched = [customer.GetGrainId(), card.GetGrainId()];
        Assert.Null(await MaintenanceReminderAsync(cluster, customerId));

        var alive = await ActiveAsync(management, watched);
        Assert.Equal(watched.Order(), alive.Order());

        // Watch them go, remembering the last moment both were still there.
        var lastSeenBoth = TimeSpan.Zero;
        await Eventually.Until(async () =>
        {
            var asked = idle.Elapsed;
            var active = await ActiveAsync(management, watched);
            if (active.Count == watched.Length)
            {
                lastSeenBoth = asked;
            }
            return new ActiveGrains(active);
        }, active => active.Grains.Count == 0, $"the idle customer and card to be deactivated ({IdleAge.TotalSeconds:0} s idle age)", TimeSpan.FromSeconds(60));

        // Not collected early: the age is what governs (Orleans never collects a grain idle for less than it).
        Assert.True(lastSeenBoth >= IdleAge / 2, $"both were last seen active {lastSeenBoth.TotalSeconds:0.0} s after their last call; the idle age is {IdleAge.TotalSeconds:0} s");
        // And the next call finds the customer as it was.
        Assert.Equal(12, (await customer.GetAsync())!.Balance);
    }

    /// <summary>Which of <paramref name="grains"/> have an activation on any silo.</summary>
    private static async Task<List<GrainId>> ActiveAsync(IManagementGrain management, GrainId[] grains)
    {
        var activations = await management.GetDetailedGrainStatistics();
        return [.. activations.Select(a => a.GrainId).Where(grains.Contains).Distinct()];
    }

    private sealed record ActiveGrains(List<GrainId> Grains)
    {
        public override string ToString() => Grains.Count == 0 ? "none" : string.Join(", ", Grains);
    }

    private static Task<ReminderEntry?> MaintenanceReminderAsync(Orleans.TestingHost.InProcessTestCluster cluster, string customerId)
    {
        var table = (IReminderTable)cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetService(typeof(IReminderTable))!;
        return table.ReadRow(GrainId.Create("customer", customerId), "maintenance");
    }
}

public sealed class IdleCollectionOnSqlite : IdleCollectionTests
{
    protected override Task<StoreBackend> CreateStoreAsync() => Task.FromResult<StoreBackend>(new StoreBackend.Sqlite());
}

public sealed class IdleCollectionOnPostgres : IdleCollectionTests
{
    protected override async Task<StoreBackend> CreateStoreAsync() => await StoreBackend.Postgres.CreateAsync();
}

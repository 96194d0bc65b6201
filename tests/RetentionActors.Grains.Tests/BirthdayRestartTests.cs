using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Hosting;

namespace RetentionActors.Grains.Tests;

/// <summary>The birthday bonus is given once a year even when every silo restarts in the birthday week.</summary>
public sealed class BirthdayRestartTests : IDisposable
{
    private readonly string _folder = TestClusters.NewDataFolder();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => TestClusters.DeleteFolder(_folder);

    [Fact]
    public async Task Birthday_bonus_is_given_once_across_a_full_cluster_restart()
    {
        var customerId = Shop.NewId("bday");
        await using (var cluster = await StartAsync())
        {
            await cluster.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(TestClusters.Program with { BirthdayBonus = 300 }, "op-birthday");
            var customer = cluster.Client.GetGrain<ICustomerGrain>(customerId);
            await customer.EnrollAsync(new CustomerProfile("Restart Birthday", Birthday: new DateOnly(1985, 6, 8)));
            await customer.RunMaintenanceAsync();
        }

        _clock.Advance(TimeSpan.FromDays(2)); // still the birthday week
        await using (var cluster = await StartAsync(silos: 1))
        {
            // The test cluster resets the program on start; the bonus is on again, so only the ledger can stop a second one.
            await cluster.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(TestClusters.Program with { BirthdayBonus = 300 }, "op-birthday");
            var customer = cluster.Client.GetGrain<ICustomerGrain>(customerId);
            await customer.RunMaintenanceAsync();

            var bonuses = (await customer.GetLedgerAsync()).Where(e => e.Kind == LedgerEntryKind.Bonus).ToList();
            Assert.Equal([300L], bonuses.Select(b => b.Points));
            Assert.Equal(300, (await customer.GetAsync())!.Balance);
        }
    }

    private Task<Orleans.TestingHost.InProcessTestCluster> StartAsync(short silos = 2) => TestClusters.StartAsync(silo =>
    {
        silo.Services.AddKeyedSingleton<TimeProvider>(GrainServices.ClockKey, _clock);
        silo.UseSqliteStorage(_folder);
    }, silos);
}

using System.Diagnostics;
using Orleans.TestingHost;
using RetentionActors.Contracts.Cards;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Grains.Tests.Probes;
using RetentionActors.Storage.Hosting;
using RetentionActors.Tests.Shared;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// Cluster mode on PostgreSQL: grain state through our own storage and the Orleans ADO.NET reminder provider against
/// our migration, so a gap in the contract shows at once. (Clustering through it is exercised by the silo processes
/// of ClusterProcessTests: the in-process test host brings its own membership.)
/// </summary>
public sealed class AdoNetProviderTests
{
    [Fact]
    public async Task Grain_state_and_reminders_survive_a_silo_kill_and_a_full_restart()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        string cardId;
        int ticksBefore;
        await using (var cluster = await StartAsync(database.ConnectionString))
        {
            var enrolled = await new Shop(cluster.Client).EnrolledWithCardAsync("Ada Net");
            cardId = enrolled.CardId;
            var probe = cluster.Client.GetGrain<IReminderProbeGrain>("probe");
            await probe.StartAsync();
            ticksBefore = await WaitForTicksAsync(probe, atLeast: 1);

            // One silo dies; the other keeps serving the customer.
            await cluster.KillSiloAsync(cluster.Silos[1], TestContext.Current.CancellationToken);
            await cluster.WaitForLivenessToStabilizeAsync(didKill: true);
            Assert.Equal(3, (await cluster.Client.GetGrain<ILoyaltyCardGrain>(cardId).EarnAsync(Purchase("ADO-1", 3m))).Balance);
        }

        await using (var cluster = await StartAsync(database.ConnectionString))
        {
            var card = await cluster.Client.GetGrain<ILoyaltyCardGrain>(cardId).GetAsync();
            Assert.Equal(CardStatus.Active, card.Status);
            Assert.Equal(3, (await cluster.Client.GetGrain<ILoyaltyCardGrain>(cardId).IdentifyAsync()).Customer!.Balance);
            // The reminder row outlived every silo: ticks go on without anyone starting it again.
            Assert.True(await WaitForTicksAsync(cluster.Client.GetGrain<IReminderProbeGrain>("probe"), atLeast: ticksBefore + 2) >= ticksBefore + 2);
        }
    }

    private static async Task<InProcessTestCluster> StartAsync(string connectionString)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ServiceId = "retention";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UsePostgresStorage(connectionString);
            silo.Services.AddRetentionGrains();
            silo.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        InternalClient.Trust(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        await cluster.Client.GetGrain<Contracts.Program.IProgramGrain>(Contracts.Program.IProgramGrain.DefaultId).UpdateAsync(TestClusters.Program, "test-setup");
        return cluster;
    }

    private static async Task<int> WaitForTicksAsync(IReminderProbeGrain probe, int atLeast)
    {
        var clock = Stopwatch.StartNew();
        int ticks;
        while ((ticks = await probe.TicksAsync()) < atLeast)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Reminder 'tick' of probe reached {ticks} ticks, expected {atLeast} within 60 s.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        return ticks;
    }
}

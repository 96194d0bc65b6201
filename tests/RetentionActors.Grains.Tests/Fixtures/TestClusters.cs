using Orleans.TestingHost;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Grains.Tests.Fixtures;

/// <summary>Real in-process clusters on a real store (SQLite file or PostgreSQL database) of the test's own.</summary>
public static class TestClusters
{
    /// <summary>The program every grain test runs under; tests that change it put it back.</summary>
    public static readonly ProgramSettings Program = new("EUR", 1m,
        new Dictionary<string, decimal> { ["coffee"] = 2m, ["tobacco"] = 0m }, MinimumSpend: 1m,
        RedemptionValuePerPoint: 0.01m, MaximumPurchaseAmount: 5000m);

    public static async Task<InProcessTestCluster> StartAsync(Action<ISiloBuilder> useStorage, short silos = 2)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        // Stored grain state is keyed by service id: a restarted cluster must be the same service.
        builder.Options.ServiceId = "retention";
        builder.ConfigureSilo((_, silo) =>
        {
            useStorage(silo);
            silo.Services.AddRetentionGrains();
            silo.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        // The tests' client plays the back office.
        InternalClient.Trust(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        await cluster.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(Program, "test-setup");
        return cluster;
    }

    public static string NewDataFolder() => Directory.CreateTempSubdirectory("retention-test-").FullName;

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled connection; the OS cleans temp folders.
        }
    }
}

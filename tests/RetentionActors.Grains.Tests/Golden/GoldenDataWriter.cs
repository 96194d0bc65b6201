using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.TestingHost;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Hosting;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Grains.Tests.Golden;

/// <summary>
/// Writes the golden databases of <see cref="GoldenData"/> with the code of the commit it runs on: an
/// embedded SQLite file and a plain-SQL dump of a PostgreSQL database. Run by hand only, into the
/// folder named by <c>RETENTION_GOLDEN_OUT</c>:
/// <c>RETENTION_GOLDEN_OUT=$PWD/tests/RetentionActors.Grains.Tests/Golden dotnet run --project tests/RetentionActors.Grains.Tests -- -explicit only -class RetentionActors.Grains.Tests.Golden.GoldenDataWriter</c>
/// </summary>
public sealed class GoldenDataWriter
{
    private static string OutputFolder => Environment.GetEnvironmentVariable("RETENTION_GOLDEN_OUT") is { Length: > 0 } folder
        ? folder
        : throw new InvalidOperationException("Set RETENTION_GOLDEN_OUT to the folder the golden files go to.");

    [Fact(Explicit = true)]
    public async Task Write_the_sqlite_golden_database()
    {
        var output = OutputFolder;
        var folder = TestClusters.NewDataFolder();
        await WriteAsync(silo => silo.UseSqliteStorage(folder));

        // One self-contained file: everything checkpointed out of the write-ahead log.
        var path = Path.Combine(folder, SqliteStorageExtensions.DatabaseFileName);
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
            await checkpoint.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        File.Copy(path, Path.Combine(output, GoldenData.SqliteFile), overwrite: true);
        TestClusters.DeleteFolder(folder);
    }

    [Fact(Explicit = true)]
    public async Task Write_the_postgres_golden_dump()
    {
        var output = OutputFolder;
        await using var database = await PostgresTestDatabase.CreateAsync();
        await WriteAsync(silo => silo.UsePostgresStorage(database.ConnectionString));
        NpgsqlConnection.ClearAllPools();

        var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var bin = Environment.GetEnvironmentVariable("RETENTION_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        var start = new ProcessStartInfo(Path.Combine(bin, "pg_dump"))
        {
            RedirectStandardOutput = true,
            // Schema and rows as the code wrote them; membership rows name silos that are gone.
            ArgumentList =
            {
                "--host", settings.Host!, "--port", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--username", settings.Username!, "--dbname", settings.Database!,
                "--no-owner", "--no-privileges", "--column-inserts",
                "--exclude-table-data=orleansmembershiptable", "--exclude-table-data=orleansmembershipversiontable",
            },
        };
        using var dump = Process.Start(start)!;
        var sql = await dump.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await dump.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, dump.ExitCode);
        await File.WriteAllTextAsync(Path.Combine(output, GoldenData.PostgresDump), sql, TestContext.Current.CancellationToken);
    }

    private static async Task WriteAsync(Action<ISiloBuilder> useStorage)
    {
        var clock = new FakeTimeProvider(GoldenData.ProgramSetUpAt);
        var cluster = await TestClusters.StartAsync(silo =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainServices.ClockKey, clock);
            useStorage(silo);
        });
        try
        {
            await SendAsync(cluster, clock);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task SendAsync(InProcessTestCluster cluster, FakeTimeProvider clock)
    {
        var grains = cluster.Client;
        await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(GoldenData.Program, "op-golden");
        clock.SetUtcNow(GoldenData.WrittenAt);
        foreach (var (customerId, cardId, name) in new[] { (GoldenData.Ann, GoldenData.AnnCard, "Ann Golden"), (GoldenData.Bob, GoldenData.BobCard, "Bob Golden") })
        {
            Assert.True((await grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile(name))).IsAccepted);
            Assert.True((await grains.GetGrain<ILoyaltyCardGrain>(cardId).LinkAsync(customerId)).IsAccepted);
        }

        var ann = grains.GetGrain<ILoyaltyCardGrain>(GoldenData.AnnCard);
        Report("ann first", await ann.EarnAsync(GoldenData.AnnFirst));
        Report("ann second", await ann.EarnAsync(GoldenData.AnnSecond));
        Report("ann redemption", await ann.RedeemAsync(GoldenData.AnnRedemption));
        Report("ann refund", await ann.RefundAsync(GoldenData.AnnPartialRefund));
        var annCustomer = grains.GetGrain<ICustomerGrain>(GoldenData.Ann);
        Report("ann adjustment", await annCustomer.AdjustAsync(GoldenData.AnnAdjustment));
        Report("ann reward", await annCustomer.ClaimRewardAsync("cake", GoldenData.AnnRewardClaim));
        var bob = grains.GetGrain<ILoyaltyCardGrain>(GoldenData.BobCard);
        Report("bob first", await bob.EarnAsync(GoldenData.BobFirst));
        Report("bob second", await bob.EarnAsync(GoldenData.BobSecond));
    }

    private static void Report(string what, object answer) =>
        TestContext.Current.SendDiagnosticMessage($"{what}: {System.Text.Json.JsonSerializer.Serialize(answer)}");
}

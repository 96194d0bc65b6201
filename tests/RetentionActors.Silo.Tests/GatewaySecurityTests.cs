using System.Diagnostics;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Security;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// A standalone Orleans client that knows only the contracts and a gateway's address — what anyone on a store
/// network can write — against the real silo program, embedded and as a two-silo cluster.
/// </summary>
public sealed class GatewaySecurityTests : IDisposable
{
    private static readonly DateTimeOffset SaleTime = DateTimeOffset.UtcNow.AddMinutes(-5);
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("retention-gateway-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_client_without_a_credential_cannot_change_a_balance_on_an_embedded_silo()
    {
        await using var silo = await SiloProcess.StartAsync(_dataFolder, "--demo");
        await using var insider = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(_dataFolder), silo.GatewayPort);
        var before = await DemoAdaAsync(insider);

        await using var stranger = await SiloClient.ConnectAsync(silo.GatewayPort);
        await AssertEveryAttemptRefusedAsync(stranger.Grains);

        Assert.Equal(before, await DemoAdaAsync(insider));
        Assert.Contains("Refused", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_a_credential_cannot_change_a_balance_on_a_cluster()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var siloA = await SiloProcess.StartAsync(_dataFolder, "--postgres", database.ConnectionString, "--demo");
        await using var siloB = await SiloProcess.StartAsync(_dataFolder, "--postgres", database.ConnectionString);
        await using var insider = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database.ConnectionString), siloA.GatewayPort, siloB.GatewayPort);
        var before = await DemoAdaAsync(insider);

        await using var stranger = await SiloClient.ConnectAsync(siloB.GatewayPort, siloA.GatewayPort);
        await AssertEveryAttemptRefusedAsync(stranger.Grains);

        Assert.Equal(before, await DemoAdaAsync(insider));
    }

    [Fact]
    public async Task A_credential_issued_on_the_command_line_works_at_once_and_stops_working_when_revoked()
    {
        await using var silo = await SiloProcess.StartAsync(_dataFolder, "--demo");
        var file = Path.Combine(_dataFolder, "till-7.credential");

        var issued = await SiloProcess.RunCommandAsync("credential", "issue", "--data", _dataFolder, "--store", "store-7", "--terminal", "till-7", "--role", "till", "--out", file);
        var token = (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Trim();
        await using var till = await SiloClient.ConnectAsTerminalAsync(token, silo.GatewayPort);
        var card = till.Grains.GetGrain<ILoyaltyCardGrain>("nfc:04A1B2C3D4E5F6");
        var earned = await EventuallyAsync(() => card.EarnAsync(new Purchase("store-7", "till-7", "cli-1", SaleTime, 10m)));
        var wrongStore = await Assert.ThrowsAsync<CallRefusedException>(() => card.EarnAsync(new Purchase("store-1", "till-1", "cli-2", SaleTime, 10m)));
        var id = (await SiloProcess.RunCommandAsync("credential", "list", "--data", _dataFolder)).Output.Split('\n').First(l => l.Contains("store-7/till-7", StringComparison.Ordinal)).Split(' ')[0];
        var revoked = await SiloProcess.RunCommandAsync("credential", "revoke", id, "--data", _dataFolder);
        var clock = Stopwatch.StartNew();
        CallRefusedException? refused = null;
        while (refused is null && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            try
            {
                await card.IdentifyAsync();
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
            catch (CallRefusedException e)
            {
                refused = e;
            }
        }

        Assert.Equal(0, issued.ExitCode);
        Assert.DoesNotContain(token, issued.Output + issued.Errors, StringComparison.Ordinal);
        Assert.True(earned.IsAccepted, earned.Declined?.Message);
        Assert.Equal(CallRefusal.NotAllowed, wrongStore.Refusal);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal(CallRefusal.Revoked, refused?.Refusal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"refused after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.DoesNotContain(token, silo.Output, StringComparison.Ordinal);
    }

    // What a stranger would want: points by hand, a purchase booked without a till, a rewritten program, an erased customer.
    private static async Task AssertEveryAttemptRefusedAsync(IClusterClient grains)
    {
        var ada = grains.GetGrain<ICustomerGrain>("demo-ada");
        var card = grains.GetGrain<ILoyaltyCardGrain>("nfc:04A1B2C3D4E5F6");
        Func<Task>[] attempts =
        [
            () => ada.AdjustAsync(new Adjustment("mint-1", 1_000_000, "free points", "mallory")),
            () => ada.EarnAsync(new Purchase("store-1", "till-1", "stranger-1", SaleTime, 5000m)),
            () => card.EarnAsync(new Purchase("store-1", "till-1", "stranger-2", SaleTime, 5000m)),
            () => card.RedeemAsync(new Redemption("store-1", "till-1", "stranger-3", SaleTime, 100)),
            () => card.IdentifyAsync(),
            () => ada.ErasePersonalDataAsync(),
            () => grains.GetGrain<ILoyaltyCardGrain>("nfc:04DEADBEEF0000").LinkAsync("demo-ada"),
            () => grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(ProgramSettings.Default with { PointsPerCurrencyUnit = 1000m }, "mallory"),
            () => grains.GetGrain<IManagementGrain>(0).GetHosts(),
        ];
        foreach (var attempt in attempts)
        {
            Assert.Equal(CallRefusal.NoCredential, (await Assert.ThrowsAsync<CallRefusedException>(attempt)).Refusal);
        }
    }

    // The demo data is seeded just after start.
    private static async Task<(long Balance, int Entries, int ProgramVersion, string Name)> DemoAdaAsync(SiloClient insider)
    {
        var ada = insider.Grains.GetGrain<ICustomerGrain>("demo-ada");
        var summary = await EventuallyAsync(async () => await ada.GetAsync() is { VisitCount: 3 } s ? s : throw new InvalidOperationException("not seeded yet"));
        var program = await insider.Grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync();
        return (summary.Balance, (await ada.GetLedgerAsync()).Count, program.Version, summary.Profile.DisplayName);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await read();
            }
            catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }
    }
}

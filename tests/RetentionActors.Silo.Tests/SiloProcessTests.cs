using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Silo.Tests;

/// <summary>The silo as a newcomer runs it: a real process on the embedded store, killed and started again.</summary>
public sealed class SiloProcessTests : IDisposable
{
    private static readonly DateTimeOffset SaleTime = DateTimeOffset.UtcNow.AddMinutes(-5);
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("retention-silo-").FullName;

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
    public async Task Killed_silo_restarts_with_balances_and_ledger_unchanged_and_a_replay_earns_nothing()
    {
        var cardId = "nfc:04C0FFEE00BEEF";
        CustomerSummary before;
        IReadOnlyList<LedgerEntry> ledgerBefore;
        AccrualResult firstAnswer;
        await using (var silo = await SiloProcess.StartAsync(_dataFolder))
        {
            await using (var client = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(_dataFolder), silo.GatewayPort))
            {
                var customer = client.Grains.GetGrain<ICustomerGrain>("kill-test");
                var card = client.Grains.GetGrain<ILoyaltyCardGrain>(cardId);
                Assert.True((await customer.EnrollAsync(new CustomerProfile("Kim Kill", "kim@example.com"))).IsAccepted);
                Assert.True((await card.LinkAsync("kill-test")).IsAccepted);
                firstAnswer = await card.EarnAsync(Sale("K1", 120.40m));
                await card.EarnAsync(Sale("K2", 35.00m));
                await card.RedeemAsync(new Redemption("s1", "t1", "K3", SaleTime, 55));
                await card.RefundAsync(new Refund("s1", "t1", "K4", SaleTime, 35.00m, "s1", "K2"));
                before = (await customer.GetAsync())!;
                ledgerBefore = await customer.GetLedgerAsync();
            }
            await silo.KillAsync();
        }

        await using (var silo = await SiloProcess.StartAsync(_dataFolder))
        await using (var client = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(_dataFolder), silo.GatewayPort))
        {
            var customer = client.Grains.GetGrain<ICustomerGrain>("kill-test");
            var card = client.Grains.GetGrain<ILoyaltyCardGrain>(cardId);

            Assert.Equal((65L, 120.40m, 2), (before.Balance, before.LifetimeSpend, before.VisitCount));
            Assert.Equal(before, await customer.GetAsync());
            Assert.Equal(ledgerBefore, await customer.GetLedgerAsync());
            Assert.Equal(firstAnswer with { Replayed = true }, await card.EarnAsync(Sale("K1", 120.40m)));
            Assert.Equal(65, (await customer.GetAsync())!.Balance);
            Assert.Equal(ledgerBefore.Count, (await customer.GetLedgerAsync()).Count);
        }
    }

    [Fact]
    public async Task Demo_silo_serves_the_dashboard_and_its_seeded_cards_and_stops_cleanly_on_ctrl_c()
    {
        await using var silo = await SiloProcess.StartAsync(_dataFolder, "--demo");
        using var http = new HttpClient();

        var dashboard = await http.GetAsync(await silo.DashboardUrl, TestContext.Current.CancellationToken);
        var counters = await http.GetStringAsync((await silo.DashboardUrl) + "DashboardCounters", TestContext.Current.CancellationToken);
        CardIdentity ada;
        // As the README's terminal does: with the till credential the embedded silo left in its data folder.
        var till = (await File.ReadAllTextAsync(Path.Combine(_dataFolder, "local-till.credential"), TestContext.Current.CancellationToken)).Trim();
        await using (var client = await SiloClient.ConnectAsTerminalAsync(till, silo.GatewayPort))
        {
            ada = await client.Grains.GetGrain<ILoyaltyCardGrain>("nfc:04A1B2C3D4E5F6").IdentifyAsync();
        }
        var exitCode = await silo.InterruptAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"hosts\"", counters);
        Assert.Equal(("Ada Lovelace", 133L), (ada.Customer!.Profile.DisplayName, ada.Customer.Balance));
        Assert.Contains(Path.Combine(_dataFolder, "retention.db"), silo.Output);
        // The silo's runtime configuration caps generation 0 (the server GC's own maximum is 200 MiB); the banner says what
        // took. Not "server GC": the runtime offers that only on machines with more than one processor.
        Assert.Contains("GC, generation 0 collected after at most 48 MiB per heap", silo.Output);
        Assert.Equal(0, exitCode);
    }

    private static Purchase Sale(string receipt, decimal amount) => new("s1", "t1", receipt, SaleTime, amount);
}

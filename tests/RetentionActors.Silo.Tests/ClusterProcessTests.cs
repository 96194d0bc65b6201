using System.Diagnostics;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Silo.Tests;

/// <summary>Two silo processes sharing PostgreSQL, as a chain runs them; one is killed mid-stream.</summary>
public sealed class ClusterProcessTests
{
    private static readonly DateTimeOffset SaleTime = DateTimeOffset.UtcNow.AddMinutes(-5);

    [Fact]
    public async Task Killing_a_silo_mid_stream_loses_and_doubles_nothing_and_a_full_restart_keeps_everything()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        const int Customers = 24;
        const int Receipts = 240;

        var siloA = await SiloProcess.StartAsync(Path.GetTempPath(), "--postgres", database.ConnectionString);
        var siloB = await SiloProcess.StartAsync(Path.GetTempPath(), "--postgres", database.ConnectionString);
        var acknowledged = new Dictionary<string, AccrualResult>();
        try
        {
            Assert.Equal(2L, await ScalarAsync(database.ConnectionString, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
            await using (var client = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database.ConnectionString), siloA.GatewayPort, siloB.GatewayPort))
            {
                await client.Grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId)
                    .UpdateAsync(ProgramSettings.Default with { PointsPerCurrencyUnit = 2m }, "op-test");
                for (var c = 0; c < Customers; c++)
                {
                    await WithRetriesAsync(() => client.Grains.GetGrain<ICustomerGrain>($"cust-{c}").EnrollAsync(new CustomerProfile($"Customer {c}")));
                    await WithRetriesAsync(() => client.Grains.GetGrain<ILoyaltyCardGrain>(CardOf(c)).LinkAsync($"cust-{c}"));
                }

                // A stream of accruals, four tills at a time; each retried by receipt until acknowledged.
                var next = 0;
                var tills = Enumerable.Range(0, 4).Select(async _ =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next) - 1) < Receipts)
                    {
                        if (i == Receipts / 3)
                        {
                            await siloA.KillAsync();
                        }
                        var receipt = $"R{i:D4}";
                        var answer = await WithRetriesAsync(() =>
                            client.Grains.GetGrain<ILoyaltyCardGrain>(CardOf(i % Customers)).EarnAsync(new Purchase("s1", "t1", receipt, SaleTime, 10m + i % 7)));
                        lock (acknowledged)
                        {
                            acknowledged[receipt] = answer;
                        }
                    }
                });
                await Task.WhenAll(tills);

                Assert.Equal(Receipts, acknowledged.Count);
                Assert.All(acknowledged.Values, a => Assert.True(a.IsAccepted, a.Declined?.Message));
                for (var c = 0; c < Customers; c++)
                {
                    var customer = client.Grains.GetGrain<ICustomerGrain>($"cust-{c}");
                    var ledger = await customer.GetLedgerAsync(take: 1000);
                    var expected = Enumerable.Range(0, Receipts).Where(i => i % Customers == c).Select(i => $"R{i:D4}").ToList();
                    Assert.Equal(expected, ledger.Select(e => e.ReceiptId!).Order());
                    Assert.Equal(expected.Sum(r => 2 * (10 + int.Parse(r[1..]) % 7)), (await customer.GetAsync())!.Balance);
                }
            }
            // The survivor has declared A dead; B now stops as an operator stops it, so every silo is gone.
            Assert.Equal(0, await siloB.InterruptAsync());
        }
        finally
        {
            await siloA.DisposeAsync();
            await siloB.DisposeAsync();
        }

        // Every silo gone; two new ones on the same database.
        await using var siloC = await SiloProcess.StartAsync(Path.GetTempPath(), "--postgres", database.ConnectionString);
        await using var siloD = await SiloProcess.StartAsync(Path.GetTempPath(), "--postgres", database.ConnectionString);
        await using var after = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database.ConnectionString), siloC.GatewayPort, siloD.GatewayPort);
        Assert.Equal(2m, (await after.Grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings.PointsPerCurrencyUnit);
        for (var c = 0; c < Customers; c++)
        {
            var identity = await after.Grains.GetGrain<ILoyaltyCardGrain>(CardOf(c)).IdentifyAsync();
            var points = acknowledged.Where(a => int.Parse(a.Key[1..]) % Customers == c).Sum(a => a.Value.PointsEarned);
            Assert.Equal(($"cust-{c}", points), (identity.Customer!.CustomerId, identity.Customer.Balance));
        }
        var replay = await after.Grains.GetGrain<ILoyaltyCardGrain>(CardOf(0)).EarnAsync(new Purchase("s1", "t1", "R0000", SaleTime, 10m));
        Assert.Equal(acknowledged["R0000"] with { Replayed = true }, replay);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new Npgsql.NpgsqlCommand(sql, connection);
        return await query.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    private static string CardOf(int customer) => $"mag:{7000000000L + customer}";

    /// <summary>What a till's outbox does: the same request again until an answer comes back.</summary>
    private static async Task<T> WithRetriesAsync<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (clock.Elapsed < TimeSpan.FromSeconds(90) && e is not InvalidRequestException)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }
}

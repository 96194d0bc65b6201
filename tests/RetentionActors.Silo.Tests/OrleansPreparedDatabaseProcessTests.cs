using System.Net;
using Npgsql;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// An operator who followed Orleans' documentation prepared the database with its scripts (tables, functions and
/// query rows, see <see cref="OrleansScriptsLayout"/>) before any RetentionActors program ran: <c>migrate</c> adopts it,
/// and a silo on it joins membership and serves a till.
/// </summary>
public sealed class OrleansPreparedDatabaseProcessTests : IDisposable
{
    private static readonly DateTimeOffset SaleTime = DateTimeOffset.UtcNow.AddMinutes(-5);
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-prepared-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Migrate_adopts_a_database_prepared_with_Orleans_scripts_and_a_silo_on_it_joins_membership_and_serves_a_till()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var postgres = database.ConnectionString;
        await ExecuteAsync(postgres, OrleansScriptsLayout.All);
        Assert.Equal(OrleansScriptsLayout.QueryKeys.Length, await ScalarAsync<long>(postgres, $"SELECT count(*) FROM orleansquery WHERE querytext LIKE '{OrleansScriptsLayout.OperatorMark}%'"));

        var migrated = await SiloProcess.RunCommandAsync("migrate", "--postgres", postgres);

        Assert.True(migrated.ExitCode == 0, migrated.Output + migrated.Errors);
        Assert.Contains("schema is at version", migrated.Output, StringComparison.Ordinal);
        // Kept: the scripts' functions and membership version row; replaced by key: every query row, by ours.
        Assert.Equal(OrleansScriptsLayout.FunctionNames.Order(), await FunctionsAsync(postgres, OrleansScriptsLayout.FunctionNames));
        Assert.Equal("retention", await ScalarAsync<string>(postgres, "SELECT deploymentid FROM orleansmembershipversiontable"));
        Assert.Equal(0L, await ScalarAsync<long>(postgres, $"SELECT count(*) FROM orleansquery WHERE querytext LIKE '{OrleansScriptsLayout.OperatorMark}%'"));
        Assert.Contains("retention_write_state", await ScalarAsync<string>(postgres, "SELECT querytext FROM orleansquery WHERE querykey = 'WriteToStorageKey'"), StringComparison.Ordinal);

        await using var silo = await SiloProcess.StartAsync(_folder, "--postgres", postgres);
        using var http = new HttpClient();
        using var ready = await http.GetAsync(new Uri(new Uri(await silo.DashboardUrl), "/health/ready"), TestContext.Current.CancellationToken);
        var active = await ScalarAsync<long>(postgres, $"SELECT count(*) FROM orleansmembershiptable WHERE status = 3 AND proxyport = {silo.GatewayPort}");
        await using (var backOffice = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(postgres), silo.GatewayPort))
        {
            await backOffice.Grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(ProgramSettings.Default, "op-test");
            Assert.True((await backOffice.Grains.GetGrain<ICustomerGrain>("cust-prepared").EnrollAsync(new CustomerProfile("Prepared Customer"))).IsAccepted);
            Assert.True((await backOffice.Grains.GetGrain<ILoyaltyCardGrain>("mag:8100000001").LinkAsync("cust-prepared")).IsAccepted);
        }
        var file = Path.Combine(_folder, "till-9.credential");
        var issued = await SiloProcess.RunCommandAsync("credential", "issue", "--postgres", postgres, "--store", "store-9", "--terminal", "till-9", "--role", "till", "--out", file);
        Assert.True(issued.ExitCode == 0, issued.Output + issued.Errors);
        await using var till = await SiloClient.ConnectAsTerminalAsync((await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Trim(), silo.GatewayPort);
        var sale = await till.Grains.GetGrain<ILoyaltyCardGrain>("mag:8100000001").EarnAsync(new Purchase("store-9", "till-9", "prepared-1", SaleTime, 25m));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(1L, active);
        Assert.True(sale.IsAccepted, sale.Declined?.Message);
        Assert.Equal(1L, await ScalarAsync<long>(postgres, "SELECT count(*) FROM ledger WHERE receipt_id = 'prepared-1' AND kind = 'Purchase'"));
    }

    private static async Task<List<string>> FunctionsAsync(string connectionString, string[] names)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand("SELECT proname FROM pg_proc WHERE proname = ANY(@names) ORDER BY proname", connection);
        query.Parameters.AddWithValue("names", names);
        var found = new List<string>();
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            found.Add(reader.GetString(0));
        }
        return found;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}

using RetentionActors.Contracts.Customers;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// A silo reachable beyond this machine runs with TLS, or with an explicit --insecure-transport that it
/// announces; on loopback it needs neither. Secrets never appear on the command line or in the output.
/// </summary>
public sealed class TransportRuleTests : IDisposable
{
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BannerWithin = TimeSpan.FromSeconds(10);
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-transport-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_cluster_silo_reachable_beyond_loopback_without_tls_refuses_to_start_before_touching_the_database()
    {
        var address = MachineAddress.NonLoopbackIPv4();

        // Nothing listens on port 1: had the silo gone to the database first, it would say so instead.
        var exit = await SiloProcess.RunToExitAsync(_folder, NoEnvironment, RefusedWithin,
            "--postgres", "Host=127.0.0.1;Port=1;Username=none;Database=none", "--advertise", address.ToString());

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains($"reachable beyond this machine ({address})", exit.Errors, StringComparison.Ordinal);
        Assert.Contains("--tls-cert", exit.Errors, StringComparison.Ordinal);
        Assert.Contains("--tls-ca", exit.Errors, StringComparison.Ordinal);
        Assert.Contains("README \"Secure transport\"", exit.Errors, StringComparison.Ordinal);
        Assert.Contains("--insecure-transport", exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("database", exit.Errors, StringComparison.OrdinalIgnoreCase);
        NoStackTrace(exit);
        Assert.DoesNotContain("silo is running", exit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_insecure_transport_it_starts_reachable_from_the_network_and_warns_in_the_banner_and_the_log()
    {
        var address = MachineAddress.NonLoopbackIPv4();
        await using var database = await PostgresTestDatabase.CreateAsync();
        // Given in the environment, as README recommends; the test server ignores the password, the silo must not print it.
        var environment = new Dictionary<string, string> { ["Silo__Postgres"] = database.ConnectionString + ";Password=never-printed-pg-password" };

        await using var silo = await SiloProcess.StartAsync(_folder, environment, "--advertise", address.ToString(), "--insecure-transport");
        await using (var client = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database.ConnectionString), silo.GatewayPort))
        {
            Assert.True((await client.Grains.GetGrain<ICustomerGrain>("insecure-customer").EnrollAsync(new CustomerProfile("Ida Insecure"))).IsAccepted);
        }

        Assert.True(await MachineAddress.AcceptsAsync(address, silo.GatewayPort), $"the gateway should take connections on {address}");
        await silo.WaitForOutputAsync("Press Ctrl+C to stop.", BannerWithin);
        Assert.Contains("Transport: WARNING plain TCP reachable beyond this machine", silo.Output, StringComparison.Ordinal);
        Assert.Contains("warn: RetentionActors.Silo.Hosting.SiloTransport", silo.Output, StringComparison.Ordinal);
        Assert.Contains($"the gateway {silo.GatewayPort} take plain TCP", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("never-printed-pg-password", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tls_it_starts_reachable_from_the_network_and_serves_terminals_with_a_certificate()
    {
        var address = MachineAddress.NonLoopbackIPv4();
        await using var database = await PostgresTestDatabase.CreateAsync();
        var certs = await CertsFolder.MakeAsync(Path.Combine(_folder, "certs"), "--silo", "silo1", "--terminal", "till-1");

        await using var silo = await SiloProcess.StartAsync(_folder, ["--postgres", database.ConnectionString, "--advertise", address.ToString(), .. certs.SiloArgs("silo1")]);
        var (till, authority) = certs.Load("till-1");
        await using (var client = await SiloClient.ConnectAsync(c => c
            .UseTls(till, o => Hosting.ClusterTls.RequireTrusted(o, authority))
            .AddOutgoingGrainCallFilter(new RetentionActors.Grains.Security.InternalCallMarker(ClusterSecrets.FromPostgres(database.ConnectionString))), silo.GatewayPort))
        {
            Assert.True((await client.Grains.GetGrain<ICustomerGrain>("tls-network-customer").EnrollAsync(new CustomerProfile("Tom Tls"))).IsAccepted);
        }

        Assert.True(await MachineAddress.AcceptsAsync(address, silo.GatewayPort), $"the gateway should take connections on {address}");
        await silo.WaitForOutputAsync("Press Ctrl+C to stop.", BannerWithin);
        Assert.Contains("Transport: mutual TLS (silo1.pfx)", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(await File.ReadAllTextAsync(certs.PasswordFile("silo1"), TestContext.Current.CancellationToken), silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_silo_advertising_loopback_needs_no_tls_and_cannot_be_reached_from_the_network()
    {
        var address = MachineAddress.NonLoopbackIPv4();
        await using var database = await PostgresTestDatabase.CreateAsync();

        await using var silo = await SiloProcess.StartAsync(_folder, "--postgres", database.ConnectionString);

        Assert.False(await MachineAddress.AcceptsAsync(address, silo.GatewayPort), $"the gateway should not take connections on {address}");
        Assert.True(await MachineAddress.AcceptsAsync(System.Net.IPAddress.Loopback, silo.GatewayPort), "the gateway should take connections on loopback");
        await silo.WaitForOutputAsync("Press Ctrl+C to stop.", BannerWithin);
        Assert.Contains("Transport: plain TCP on loopback only", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_embedded_silo_listens_on_loopback_only()
    {
        var address = MachineAddress.NonLoopbackIPv4();

        await using var silo = await SiloProcess.StartAsync(_folder);

        Assert.False(await MachineAddress.AcceptsAsync(address, silo.GatewayPort), $"the gateway should not take connections on {address}");
        Assert.True(await MachineAddress.AcceptsAsync(System.Net.IPAddress.Loopback, silo.GatewayPort), "the gateway should take connections on loopback");
        await silo.WaitForOutputAsync("Transport: plain TCP on loopback only", BannerWithin);
    }

    [Fact]
    public async Task Listening_beyond_loopback_through_orleans_configuration_is_refused_too()
    {
        var exit = await SiloProcess.RunToExitAsync(_folder, new Dictionary<string, string> { ["Orleans__Endpoints__GatewayListeningEndpoint"] = "0.0.0.0:0" }, RefusedWithin);

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains("Refusing to start", exit.Errors, StringComparison.Ordinal);
        NoStackTrace(exit);
    }

    [Theory]
    [InlineData("--tls-password", "hunter2-on-the-command-line")]
    [InlineData("--tls-password=hunter2-on-the-command-line", "--demo")]
    [InlineData("--Silo:TlsPassword", "hunter2-on-the-command-line")]
    public async Task A_tls_password_on_the_command_line_is_refused_without_repeating_it(string name, string value)
    {
        var exit = await SiloProcess.RunToExitAsync(_folder, NoEnvironment, RefusedWithin, "--tls-cert", "silo.pfx", name, value);

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains("--tls-password-file", exit.Errors, StringComparison.Ordinal);
        Assert.Contains("RETENTION_TLS_PASSWORD", exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", exit.Output + exit.Errors, StringComparison.Ordinal);
        NoStackTrace(exit);
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_by_server_and_database_without_the_password()
    {
        var environment = new Dictionary<string, string> { ["Silo__Postgres"] = "Host=127.0.0.1;Port=1;Username=retention;Password=never-printed-pg-password;Database=cluster" };

        var exit = await SiloProcess.RunToExitAsync(_folder, environment, RefusedWithin);

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains("Cannot use the cluster database PostgreSQL 127.0.0.1:1/cluster", exit.Errors, StringComparison.Ordinal);
        Assert.Contains("Silo__Postgres", exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("never-printed-pg-password", exit.Output + exit.Errors, StringComparison.Ordinal);
        NoStackTrace(exit);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_without_quoting_it()
    {
        // The ';' in the password makes its second half look like an unknown keyword.
        var environment = new Dictionary<string, string> { ["Silo__Postgres"] = "Host=127.0.0.1;Password=never-printed;pg-password;Database=cluster" };

        var exit = await SiloProcess.RunToExitAsync(_folder, environment, RefusedWithin);

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains("connection string (Silo__Postgres or --postgres) cannot be read", exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("never-printed", exit.Output + exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("pg-password", exit.Output + exit.Errors, StringComparison.Ordinal);
        NoStackTrace(exit);
    }

    private static void NoStackTrace(SiloExit exit)
    {
        Assert.DoesNotContain("Unhandled exception", exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors, StringComparison.Ordinal);
    }
}

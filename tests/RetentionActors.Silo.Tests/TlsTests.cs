using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RetentionActors.Contracts.Customers;
using RetentionActors.Silo.Hosting;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Silo.Tests;

/// <summary>Two silos and their terminals over mutual TLS: with the certs command's authority, or with one shared cluster certificate.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Certificates_from_the_certs_command_join_two_silos_and_a_terminal_and_another_authority_is_refused()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var certs = await CertsFolder.MakeAsync(Path.Combine(_folder, "certs"), "--silo", "silo-a", "--silo", "silo-b", "--terminal", "till-1");
        var strangers = await CertsFolder.MakeAsync(Path.Combine(_folder, "other"), "--terminal", "till-1");

        await using var siloA = await SiloProcess.StartAsync(_folder, ["--postgres", database.ConnectionString, .. certs.SiloArgs("silo-a")]);
        // B joins only after it has reached A over the silo port, with TLS both ways.
        await using var siloB = await SiloProcess.StartAsync(_folder, ["--postgres", database.ConnectionString, .. certs.SiloArgs("silo-b")]);
        int[] gateways = [siloA.GatewayPort, siloB.GatewayPort];

        var (till, authority) = certs.Load("till-1");
        await using (var trusted = await SiloClient.ConnectAsync(c => c
            .UseTls(till, o => ClusterTls.RequireTrusted(o, authority))
            .AddOutgoingGrainCallFilter(new RetentionActors.Grains.Security.InternalCallMarker(ClusterSecrets.FromPostgres(database.ConnectionString))), gateways))
        {
            for (var i = 0; i < 6; i++)
            {
                var enrolled = await trusted.Grains.GetGrain<ICustomerGrain>($"ca-customer-{i}").EnrollAsync(new CustomerProfile($"Cara {i}"));
                Assert.True(enrolled.IsAccepted, enrolled.Declined?.Message);
            }
        }
        Assert.Equal(2L, await ActiveSilosAsync(database.ConnectionString));

        // Refused at the connection, not merely at the grain call (which would refuse them anyway, having no credential).
        var (stranger, strangerAuthority) = strangers.Load("till-1");
        Assert.IsNotType<RetentionActors.Contracts.Security.CallRefusedException>(
            await Assert.ThrowsAnyAsync<Exception>(() => ConnectOnceAsync(c => c.UseTls(stranger, o => ClusterTls.RequireTrusted(o, strangerAuthority)), gateways)));
        Assert.IsNotType<RetentionActors.Contracts.Security.CallRefusedException>(
            await Assert.ThrowsAnyAsync<Exception>(() => ConnectOnceAsync(c => c.UseTls(stranger, o => o.AllowAnyRemoteCertificate()), gateways)));
        Assert.IsNotType<RetentionActors.Contracts.Security.CallRefusedException>(
            await Assert.ThrowsAnyAsync<Exception>(() => ConnectOnceAsync(_ => { }, gateways)));
        Assert.Equal(2L, await ActiveSilosAsync(database.ConnectionString));
    }

    [Fact]
    public async Task Terminals_with_the_cluster_certificate_connect_and_others_are_refused()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterCertificate = SelfSigned("retention-cluster");
        var pfx = Path.Combine(_folder, "cluster.pfx");
        var password = Path.Combine(_folder, "cluster.password");
        await File.WriteAllBytesAsync(pfx, clusterCertificate.Export(X509ContentType.Pfx, "secret"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(password, "secret\n", TestContext.Current.CancellationToken);
        string[] tls = ["--postgres", database.ConnectionString, "--tls-cert", pfx, "--tls-password-file", password];

        await using var siloA = await SiloProcess.StartAsync(_folder, tls);
        await using var siloB = await SiloProcess.StartAsync(_folder, tls);
        int[] gateways = [siloA.GatewayPort, siloB.GatewayPort];

        await using (var trusted = await SiloClient.ConnectAsync(c => c
            .UseTls(clusterCertificate, o => ClusterTls.RequireTrusted(o, clusterCertificate))
            .AddOutgoingGrainCallFilter(new RetentionActors.Grains.Security.InternalCallMarker(ClusterSecrets.FromPostgres(database.ConnectionString))), gateways))
        {
            var enrolled = await trusted.Grains.GetGrain<ICustomerGrain>("tls-customer").EnrollAsync(new CustomerProfile("Tess Tls"));
            Assert.True(enrolled.IsAccepted);
        }

        var stranger = SelfSigned("someone-else");
        // Refused at the connection, not merely at the grain call (which would refuse them anyway, having no credential).
        Assert.IsNotType<RetentionActors.Contracts.Security.CallRefusedException>(
            await Assert.ThrowsAnyAsync<Exception>(() => ConnectOnceAsync(c => c.UseTls(stranger, o => o.AllowAnyRemoteCertificate()), gateways)));
        Assert.IsNotType<RetentionActors.Contracts.Security.CallRefusedException>(
            await Assert.ThrowsAnyAsync<Exception>(() => ConnectOnceAsync(_ => { }, gateways)));
        Assert.Contains("Application started", siloA.Output + siloB.Output, StringComparison.Ordinal);
    }

    // One attempt, no retries: a refused terminal fails at once instead of retrying for minutes.
    private static async Task ConnectOnceAsync(Action<IClientBuilder> configure, int[] gateways)
    {
        await using var client = await SiloClient.ConnectAsync(c =>
        {
            configure(c);
            c.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
        }, gateways).WaitAsync(TimeSpan.FromSeconds(60));
        await client.Grains.GetGrain<ICustomerGrain>("tls-customer").GetAsync();
    }

    private static async Task<object?> ActiveSilosAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new Npgsql.NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", connection);
        return await query.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

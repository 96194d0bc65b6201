using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Runtime;
using RetentionActors.Contracts.Program;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Hosting;
using RetentionActors.Tls;

namespace RetentionActors.Grains.Tests.Security;

/// <summary>
/// Two silos in this process on real TCP ports (gateways terminals reach as they would over a network),
/// on one embedded store, optionally with mutual TLS; every silo's log lines of the gateway rules are kept.
/// Clients connect through the gateways with whatever credential a test gives them.
/// </summary>
public sealed class GatewayCluster : IAsyncDisposable
{
    private readonly string _folder = TestClusters.NewDataFolder();
    private readonly X509Certificate2? _certificate;
    private readonly List<IHost> _silos = [];
    private readonly List<IHost> _clients = [];
    private readonly (int Silo, int Gateway)[] _ports = [(FreePort(), FreePort()), (FreePort(), FreePort())];

    private GatewayCluster(bool tls) => _certificate = tls ? SelfSigned("retention-test-cluster") : null;

    /// <summary>Log lines of <see cref="CallerAuthorizationFilter"/> on every silo.</summary>
    public ConcurrentQueue<string> RefusalLog { get; } = new();

    public int[] GatewayPorts => [.. _ports.Select(p => p.Gateway)];

    public IServiceProvider SiloServices(int silo) => _silos[silo].Services;

    public static async Task<GatewayCluster> StartAsync(bool tls)
    {
        var cluster = new GatewayCluster(tls);
        for (var i = 0; i < cluster._ports.Length; i++)
        {
            await cluster.StartSiloAsync(i);
        }
        var program = (await cluster.ConnectAsClusterAsync()).GetGrain<IProgramGrain>(IProgramGrain.DefaultId);
        await program.UpdateAsync(TestClusters.Program with { Rewards = [new RewardSettings("coffee", "Free coffee", 50, Contracts.Coupons.CouponKind.FreeItem, 0m)] }, "test-setup");
        return cluster;
    }

    /// <summary>
    /// Stops every silo gracefully and starts them again on the same ports and store (the development membership
    /// lives in the first silo, so the cluster restarts as a whole).
    /// </summary>
    public async Task RestartAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync();
            silo.Dispose();
        }
        _silos.Clear();
        for (var i = 0; i < _ports.Length; i++)
        {
            await StartSiloAsync(i);
        }
    }

    /// <summary>A client inside the cluster, as the back office is.</summary>
    public async Task<IClusterClient> ConnectAsClusterAsync() =>
        await ConnectAsync(client => client.AddOutgoingGrainCallFilter(new InternalCallMarker(SiloServices(0).GetRequiredService<ClusterSecret>())));

    /// <summary>A terminal presenting <paramref name="token"/> on every call (none when null).</summary>
    public Task<IClusterClient> ConnectAsTerminalAsync(string? token) =>
        ConnectAsync(client => client.AddOutgoingGrainCallFilter(context =>
        {
            if (token is not null)
            {
                RequestContext.Set(CallContextKeys.Credential, token);
            }
            return context.Invoke();
        }));

    /// <summary>Issues a credential as the back office does.</summary>
    public Task<(TerminalCredential Credential, string Token)> IssueAsync(TerminalRole role, string store = "store-1", string terminal = "till-1") =>
        SiloServices(0).GetRequiredService<TerminalCredentialIssuer>().IssueAsync(store, terminal, role, 30, "test");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _clients.Concat(Enumerable.Reverse(_silos)))
        {
            await host.StopAsync();
            host.Dispose();
        }
        TestClusters.DeleteFolder(_folder);
    }

    private async Task<IClusterClient> ConnectAsync(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. GatewayPorts.Select(port => new IPEndPoint(IPAddress.Loopback, port))]);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("retention", "retention"));
            if (_certificate is { } certificate)
            {
                client.UseTls(certificate, tls => RequireTrusted(tls, certificate));
            }
            configure(client);
        });
        var host = builder.Build();
        await host.StartAsync();
        _clients.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    private async Task StartSiloAsync(int index)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddProvider(new RecordingLoggerProvider(RefusalLog, nameof(CallerAuthorizationFilter)));
        builder.UseOrleans(silo =>
        {
            var (siloPort, gatewayPort) = _ports[index];
            silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, _ports[0].Silo), "retention", "retention");
            silo.UseSqliteStorage(_folder);
            silo.Services.AddRetentionGrains();
            if (_certificate is { } certificate)
            {
                silo.UseTls(certificate, tls => RequireTrusted(tls, certificate));
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        _silos.Insert(index, host);
    }

    private static void RequireTrusted(TlsOptions tls, X509Certificate2 certificate)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (remote, _, _) => CertificateTrust.IsTrusted(remote, certificate);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private static int FreePort() => RetentionActors.Tests.Shared.Silo.FreePorts.Take(1)[0];

    /// <summary>Keeps the formatted lines of one logger category.</summary>
    private sealed class RecordingLoggerProvider(ConcurrentQueue<string> lines, string category) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => categoryName.EndsWith(category, StringComparison.Ordinal) ? new Recorder(lines) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Recorder(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}

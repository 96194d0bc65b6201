using System.Net;
using Orleans.Runtime;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Security;
using Orleans.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RetentionActors.Tests.Shared.Silo;

/// <summary>An Orleans client of a <see cref="SiloProcess"/>, as a terminal would connect.</summary>
public sealed class SiloClient : IAsyncDisposable
{
    private readonly IHost _host;
    private int _disposed;

    private SiloClient(IHost host) => _host = host;

    public IClusterClient Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects through a static list of gateways with no credential at all: every grain call is refused.</summary>
    public static Task<SiloClient> ConnectAsync(params int[] gatewayPorts) => ConnectAsync(_ => { }, gatewayPorts);

    /// <summary>Connects as part of the cluster (the back office, another grain): its calls carry the cluster's internal mark.</summary>
    public static Task<SiloClient> ConnectAsClusterAsync(ClusterSecret secret, params int[] gatewayPorts) =>
        ConnectAsync(client => client.AddOutgoingGrainCallFilter(new InternalCallMarker(secret)), gatewayPorts);

    /// <summary>Connects as a terminal presenting <paramref name="token"/> on every call.</summary>
    public static Task<SiloClient> ConnectAsTerminalAsync(string token, params int[] gatewayPorts) =>
        ConnectAsync(client => client.AddOutgoingGrainCallFilter(context =>
        {
            RequestContext.Set(CallContextKeys.Credential, token);
            return context.Invoke();
        }), gatewayPorts);

    public static async Task<SiloClient> ConnectAsync(Action<IClientBuilder> configure, params int[] gatewayPorts)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseStaticClustering([.. gatewayPorts.Select(port => new IPEndPoint(IPAddress.Loopback, port))])
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("retention", "retention"))
            .With(configure));
        var host = builder.Build();
        await host.StartAsync();
        return new SiloClient(host);
    }

    /// <summary>
    /// Stops the client once; a second call does nothing. A scenario that disposes a client before stopping its silos,
    /// inside an <c>await using</c>, used to stop the disposed host again, and Orleans logged an error with its stack trace.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _host.StopAsync();
        _host.Dispose();
    }
}

internal static class ClientBuilderExtensions
{
    public static IClientBuilder With(this IClientBuilder builder, Action<IClientBuilder> configure)
    {
        configure(builder);
        return builder;
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// The Orleans client connection to the silo gateways, kept up in the background: while there is none, grain
/// access throws <see cref="SiloUnreachableException"/> at once (so purchases queue instead of hanging); when a
/// call reports the silo unreachable, the client is thrown away and a fresh one connects when a gateway answers.
/// </summary>
public sealed partial class SiloConnection(IReadOnlyList<IPEndPoint> gateways, TimeSpan responseTimeout, ILoggerFactory loggerFactory,
    Action<IClientBuilder>? configureClient = null) : IGrainAccess, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SiloConnection>();
    private readonly SemaphoreSlim _lost = new(0, 1);
    private readonly Lock _lock = new();
    private IHost? _host;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IGrainFactory? _grains;

    /// <summary>Called with true when connected and false when the connection is lost.</summary>
    public Action<bool>? StateChanged { get; set; }

    /// <summary>Completes once the first connection attempt has succeeded or failed, so a till starts knowing where it stands.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    public bool IsConnected => Volatile.Read(ref _grains) is not null;

    public IGrainFactory Grains => Volatile.Read(ref _grains) ?? throw new SiloUnreachableException();

    public void ReportUnreachable(Exception failure)
    {
        lock (_lock)
        {
            if (_grains is null)
            {
                return;
            }
            _grains = null;
        }
        LogLost(_logger, failure.Message);
        StateChanged?.Invoke(false);
        _lost.Release();
    }

    /// <summary>Connects, and reconnects after every loss, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var host = BuildHost();
            try
            {
                await host.StartAsync(cancellationToken).WaitAsync(responseTimeout * 2, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogNoGateway(_logger, e.Message);
                StopInBackground(host);
                if (_firstAttempt.TrySetResult())
                {
                    StateChanged?.Invoke(false);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            lock (_lock)
            {
                _host = host;
                _grains = host.Services.GetRequiredService<IClusterClient>();
            }
            LogConnected(_logger, string.Join(", ", gateways));
            StateChanged?.Invoke(true);
            _firstAttempt.TrySetResult();
            try
            {
                await _lost.WaitAsync(cancellationToken);
            }
            finally
            {
                lock (_lock)
                {
                    _grains = null;
                    _host = null;
                }
                StopInBackground(host);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        IHost? host;
        lock (_lock)
        {
            (host, _host, _grains) = (_host, null, null);
        }
        if (host is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await host.StopAsync(timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException or TimeoutException)
            {
                LogStopFailed(_logger, e.Message);
            }
            host.Dispose();
        }
    }

    private IHost BuildHost()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways.ToArray());
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("retention", "retention"));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
            configureClient?.Invoke(client);
        });
        return builder.Build();
    }

    private void StopInBackground(IHost host) => _ = Task.Run(async () =>
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            LogStopFailed(_logger, e.Message);
        }
        finally
        {
            host.Dispose();
        }
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the silo through {Gateways}")]
    private static partial void LogConnected(ILogger logger, string gateways);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No silo gateway answers: {Reason}")]
    private static partial void LogNoGateway(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the silo: {Reason}")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopping the old client failed: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string reason);
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// The Orleans client connection to the silo gateways, kept up in the background: while there is none, grain
/// access throws <see cref="SiloUnreachableException"/> at once (so purchases queue instead of hanging). A failed call
/// fails that call only: the Orleans client drops a dead gateway by itself and sends later calls through the others, so
/// the client is kept while it has a gateway connected. It is thrown away (the till is offline, and a fresh client
/// connects when a gateway answers) only when a call fails with no gateway connected at all, or when calls have done
/// nothing but fail for twice the response timeout (a silo that holds the connection open but never answers).
/// </summary>
public sealed partial class SiloConnection(IReadOnlyList<IPEndPoint> gateways, TimeSpan responseTimeout, ILoggerFactory loggerFactory,
    Action<IClientBuilder>? configureClient = null, TimeProvider? time = null) : IGrainAccess, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SiloConnection>();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _lost = new(0, 1);
    private readonly Lock _lock = new();
    private IHost? _host;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IGrainFactory? _grains;
    private ConnectedGateways? _connectedGateways;
    private DateTimeOffset? _failingSince;
    private int _failures;
    private bool? _reported;

    /// <summary>
    /// Called with true when connected and false when no gateway answers any more; each change once (never the same
    /// state twice in a row), so a screen or the JSON protocol does not flicker while one silo of several goes away.
    /// </summary>
    public Action<bool>? StateChanged { get; set; }

    /// <summary>Completes once the first connection attempt has succeeded or failed, so a till starts knowing where it stands.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    public bool IsConnected => Volatile.Read(ref _grains) is not null;

    public IGrainFactory Grains => Volatile.Read(ref _grains) ?? throw new SiloUnreachableException();

    public TimeSpan CallTimeout => responseTimeout;

    public CancellationToken GatewayDropped => Volatile.Read(ref _connectedGateways)?.NextDrop ?? CancellationToken.None;

    /// <summary>How long a gateway that went away is left out before the client tries it again.</summary>
    public static readonly TimeSpan GatewayRetryPeriod = TimeSpan.FromSeconds(10);

    private TimeSpan OpenConnectionTimeout => responseTimeout / 2;

    // Calls failing back to back for this long, with not one answer between them, mean no gateway answers even though
    // one is still connected (a hung silo): give up the client, so purchases queue at once instead of each waiting.
    private TimeSpan FailingTooLong => responseTimeout * 2;

    public void ReportUnreachable(Exception failure)
    {
        if (failure is SiloUnreachableException)
        {
            // Thrown by Grains itself: there is no client to give up.
            return;
        }
        string why;
        lock (_lock)
        {
            if (_grains is null)
            {
                return;
            }
            var now = _time.GetUtcNow();
            _failingSince ??= now;
            _failures++;
            if (_connectedGateways is { Count: <= 0 })
            {
                why = "no silo gateway is connected";
            }
            else if (_failures >= 2 && now - _failingSince >= FailingTooLong)
            {
                why = $"{_failures} calls in a row failed over {(now - _failingSince.Value).TotalSeconds:0.#} s";
            }
            else
            {
                // Another gateway is connected: this call failed (its grain's silo died, or its gateway did), not the cluster.
                LogCallFailed(_logger, _connectedGateways?.Count ?? 0, failure.Message);
                return;
            }
            _grains = null;
        }
        LogLost(_logger, why, failure.Message);
        Report(false);
        _lost.Release();
    }

    public void ReportAnswered()
    {
        lock (_lock)
        {
            (_failures, _failingSince) = (0, null);
        }
    }

    /// <summary>Connects, and reconnects after every loss, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var connected = new ConnectedGateways();
            var host = BuildHost(connected);
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
                    Report(false);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            lock (_lock)
            {
                _host = host;
                _connectedGateways = connected;
                (_failures, _failingSince) = (0, null);
                _grains = host.Services.GetRequiredService<IClusterClient>();
            }
            LogConnected(_logger, string.Join(", ", gateways));
            Report(true);
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
                    _connectedGateways = null;
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

    // Tells StateChanged only what changed: a client given up and replaced at once is no news for the cashier twice.
    private void Report(bool connected)
    {
        lock (_lock)
        {
            if (_reported == connected)
            {
                return;
            }
            _reported = connected;
        }
        StateChanged?.Invoke(connected);
    }

    private IHost BuildHost(ConnectedGateways connected)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways.ToArray());
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("retention", "retention"));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
            // A gateway that dropped its connection is left alone for 10-20 s (Orleans: 1-2 min; its dead mark is cleared at the
            // first refresh after it is one period old), so a silo restarted in a rolling deploy gets its tills back sooner.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayRetryPeriod);
            // A gateway whose silo hangs still accepts TCP (the kernel does) but never finishes the handshake: give up on
            // it within half a call's time (Orleans: 5 s), so a new client starts through another gateway instead of
            // waiting on the hung one.
            client.Configure<ConnectionOptions>(o => o.OpenConnectionTimeout = OpenConnectionTimeout);
            // Orleans counts its open gateway connections; a failed call with none left means the cluster is gone.
            client.AddGatewayCountChangedHandler((_, e) => connected.Changed(e.NumberOfConnectedGateways, e.PreviousNumberOfConnectedGateways));
            TerminalTracing.Propagate(client);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the silo ({Why}): {Reason}")]
    private static partial void LogLost(ILogger logger, string why, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "A call failed with {Gateways} silo gateway(s) still connected; the connection is kept: {Reason}")]
    private static partial void LogCallFailed(ILogger logger, int gateways, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopping the old client failed: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string reason);
}

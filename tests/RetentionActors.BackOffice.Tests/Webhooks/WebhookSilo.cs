using System.Net.Http.Headers;

namespace RetentionActors.BackOffice.Tests.Webhooks;

/// <summary>
/// A silo of its own for the webhook tests (they change the program's tiers and kill silos), with retry delays of
/// fractions of a second instead of the production minutes and hours.
/// </summary>
public sealed class WebhookSilo : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["RETENTION_ADMIN_TOKEN"] = BackOfficeSilo.AdminToken,
        ["Webhooks__FirstRetry"] = "00:00:00.2",
        ["Webhooks__MaxRetry"] = "00:00:00.5",
        ["Webhooks__Timeout"] = "00:00:01",
        ["Webhooks__Lease"] = "00:00:03",
        ["Webhooks__PollInterval"] = "00:00:00.1",
        ["Webhooks__GiveUpAfter"] = "00:00:08",
        // The test receivers listen on loopback, which deliveries may not reach unless the operator allows it.
        ["Webhooks__AllowedNetworks"] = "127.0.0.0/8",
    };

    private SiloProcess _silo = null!;
    private SiloClient? _client;

    private WebhookSilo(string data) => Data = data;

    public string Data { get; }

    public SiloProcess Process => _silo;

    /// <param name="settings">Settings beyond <see cref="Environment"/>, for one test.</param>
    public static async Task<WebhookSilo> StartAsync(string? data = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var silo = new WebhookSilo(data ?? Directory.CreateTempSubdirectory("retention-webhooks-").FullName);
        silo._silo = await SiloProcess.StartAsync(silo.Data, settings is null ? Environment : new Dictionary<string, string>([.. Environment, .. settings]));
        silo.Admin = new HttpClient { BaseAddress = new Uri((await silo._silo.DashboardUrl).Replace("/dashboard/", "/", StringComparison.Ordinal)) };
        silo.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BackOfficeSilo.AdminToken);
        return silo;
    }

    public HttpClient Admin { get; private set; } = null!;

    public async Task<IClusterClient> GrainsAsync() => (_client ??= await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(Data), _silo.GatewayPort)).Grains;

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
            _client = null;
        }
        await _silo.KillAsync();
        Admin.Dispose();
    }

    /// <summary>The same data folder on a new process, after <see cref="KillAsync"/>.</summary>
    public Task<WebhookSilo> RestartAsync() => StartAsync(Data);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        Admin.Dispose();
        await _silo.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }
}

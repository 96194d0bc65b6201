using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

[assembly: AssemblyFixture(typeof(RetentionActors.BackOffice.Tests.BackOfficeSilo))]

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// One real silo (embedded SQLite, demo data) for the whole assembly, with an admin and an analyst
/// token. Tests keep out of each other's way by their own customer ids and, for analytics, their own years.
/// </summary>
public sealed class BackOfficeSilo : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";
    public const string AnalystToken = "test-analyst-token-0123456789";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "retention-backoffice-" + Guid.NewGuid().ToString("N"));
    private SiloProcess? _silo;
    private SiloClient? _client;

    public Uri BaseUrl { get; private set; } = null!;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _silo = await SiloProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["RETENTION_ADMIN_TOKEN"] = AdminToken,
            ["RETENTION_ANALYST_TOKEN"] = AnalystToken,
        }, "--demo");
        BaseUrl = new Uri((await _silo.DashboardUrl).Replace("/dashboard/", "/", StringComparison.Ordinal));
        // The demo data is seeded in the background; the tests that use it wait for it here once.
        using var admin = Admin();
        for (var i = 0; i < 100 && (await admin.GetAsync("/api/customers/demo-alan")).StatusCode != System.Net.HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
        }
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseUrl };

    public HttpClient Admin() => WithToken(AdminToken);

    public HttpClient Analyst() => WithToken(AnalystToken);

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<IClusterClient> GrainsAsync() => (_client ??= await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(_data), _silo!.GatewayPort)).Grains;

    public string Output => _silo?.Output ?? "";

    public static StringContent Csv(params string[] rows) =>
        new(string.Join('\n', ["customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of", .. rows]) + "\n", Encoding.UTF8, "text/csv");

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json));
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

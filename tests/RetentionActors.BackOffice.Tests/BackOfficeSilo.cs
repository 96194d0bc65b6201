using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

[assembly: AssemblyFixture(typeof(RetentionActors.BackOffice.Tests.BackOfficeSilo))]

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// One real silo (embedded SQLite, demo data) for the whole assembly, with an admin and an analyst bootstrap
/// token, and named operators the tests create. Tests keep out of each other's way by their own customer ids,
/// operator names and, for analytics, their own years.
/// </summary>
public sealed class BackOfficeSilo : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";
    public const string AnalystToken = "test-analyst-token-0123456789";
    public const string MetricsToken = "test-metrics-token-0123456789";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "retention-backoffice-" + Guid.NewGuid().ToString("N"));
    private SiloProcess? _silo;
    private SiloClient? _client;

    private readonly Lazy<Task<(string Name, string SessionId)>> _namedAnalyst;
    private readonly Lazy<Task<(string Name, string SessionId)>> _namedApprover;

    public BackOfficeSilo()
    {
        _namedAnalyst = new(() => SharedOperatorAsync("analyst"));
        _namedApprover = new(() => SharedOperatorAsync("approver"));
    }

    public Uri BaseUrl { get; private set; } = null!;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _silo = await SiloProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["RETENTION_ADMIN_TOKEN"] = AdminToken,
            ["RETENTION_ANALYST_TOKEN"] = AnalystToken,
            ["RETENTION_METRICS_TOKEN"] = MetricsToken,
            // The webhook test receivers listen on loopback, which deliveries may not reach unless the operator allows it.
            ["Webhooks__AllowedNetworks"] = "127.0.0.0/8",
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

    /// <summary>Creates a named operator as the bootstrap admin; answers its name (unique, starting with <paramref name="prefix"/>) and secret.</summary>
    public async Task<(string Name, string Secret)> CreateOperatorAsync(string role, string prefix = "op")
    {
        using var admin = Admin();
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var created = await ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/operators", new { name, role }));
        Assert.Equal(name, created.GetProperty("operator").GetProperty("name").GetString());
        return (name, created.GetProperty("secret").GetString()!);
    }

    /// <summary>Logs in through <c>POST /api/sessions</c>; answers the session id.</summary>
    public async Task<string> LogInAsync(string name, string secret)
    {
        using var anonymous = Anonymous();
        var session = await ReadAsync<JsonElement>(await anonymous.PostAsJsonAsync("/api/sessions", new { @operator = name, secret }));
        return session.GetProperty("sessionId").GetString()!;
    }

    /// <summary>A new named operator with <paramref name="role"/>, logged in: a client sending its session id, and its name.</summary>
    public async Task<(HttpClient Client, string Name)> OperatorAsync(string role, string prefix = "op")
    {
        var (name, secret) = await CreateOperatorAsync(role, prefix);
        return (WithToken(await LogInAsync(name, secret)), name);
    }

    /// <summary>A client logged in as one named analyst, the same for every test that asks (creating and logging in is slow on purpose).</summary>
    public async Task<HttpClient> NamedAnalystAsync() => WithToken((await _namedAnalyst.Value).SessionId);

    /// <summary>A client logged in as one named approver, the same for every test that asks.</summary>
    public async Task<HttpClient> NamedApproverAsync() => WithToken((await _namedApprover.Value).SessionId);

    /// <summary>The names of the shared named analyst [0] and approver [1].</summary>
    public async Task<string[]> NamedReadersAsync() => [(await _namedAnalyst.Value).Name, (await _namedApprover.Value).Name];

    public async Task<IClusterClient> GrainsAsync() => (_client ??= await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(_data), _silo!.GatewayPort)).Grains;

    public string Output => _silo?.Output ?? "";

    /// <summary>Waits until the silo has printed a line containing all of <paramref name="parts"/>; answers that line.</summary>
    public async Task<string> LogLineAsync(string what, params string[] parts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var line = Output.Split('\n').FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (line is not null)
            {
                return line;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The silo did not log {what} ({string.Join(", ", parts)}) within 30 s. Its output:\n{Output}");
            await Task.Delay(50);
        }
    }

    private async Task<(string Name, string SessionId)> SharedOperatorAsync(string role)
    {
        var (name, secret) = await CreateOperatorAsync(role, "shared-" + role);
        return (name, await LogInAsync(name, secret));
    }

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

    /// <summary>
    /// That a refused or read-only call changed nothing in the program. Other tests on this shared silo publish programs
    /// while one runs, so "the version is the same" could fail for them; instead no version since <paramref name="version"/>
    /// may be one the call would have written, told by <paramref name="ours"/> (who wrote it, or what it holds).
    /// </summary>
    public static async Task AssertNoProgramVersionSinceAsync(HttpClient reader, long version, Func<JsonElement, bool> ours)
    {
        var history = await ReadAsync<JsonElement>(await reader.GetAsync("/api/program/history"));
        var since = history.EnumerateArray().Where(v => v.GetProperty("version").GetInt64() > version).ToList();
        Assert.DoesNotContain(since, v => ours(v));
    }

    /// <summary>A program version written by the named caller (the bootstrap tokens are named by their role).</summary>
    public static Func<JsonElement, bool> WrittenBy(params string[] names) =>
        v => names.Contains(v.GetProperty("updatedBy").GetString());

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

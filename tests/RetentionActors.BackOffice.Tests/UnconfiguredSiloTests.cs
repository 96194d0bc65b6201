using System.Net;
using System.Net.Http.Json;

namespace RetentionActors.BackOffice.Tests;

/// <summary>A silo of its own with no back-office credential at all: a developer's silo on localhost.</summary>
public sealed class UnconfiguredSilo : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("retention-unconfigured-").FullName;
    private SiloProcess? _silo;

    public Uri BaseUrl { get; private set; } = null!;

    public string Output => _silo?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(_data);
        BaseUrl = new Uri((await _silo.DashboardUrl).Replace("/dashboard/", "/", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
        Directory.Delete(_data, recursive: true);
    }
}

public sealed class UnconfiguredSiloTests(UnconfiguredSilo silo) : IClassFixture<UnconfiguredSilo>
{
    [Fact]
    public async Task Without_credentials_the_dashboard_is_open_but_its_log_stream_reminders_and_grain_state_are_not()
    {
        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/dashboard/DashboardCounters", Ct)).StatusCode);
        foreach (var path in new[] { "/dashboard/Trace", "/dashboard/Reminders", "/dashboard/Reminders/1", "/dashboard/GrainState?grainId=x&grainType=customer" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path, Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/program", Ct)).StatusCode);
    }

    [Fact]
    public async Task Failed_logins_from_one_address_are_throttled_whatever_name_they_try()
    {
        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };
        var tries = new List<HttpStatusCode>();

        for (var i = 0; i < 21; i++)
        {
            var login = i % 2 == 0 ? new { @operator = "", secret = $"token-guess-{i}-0123456789" } : new { @operator = $"name-{i}", secret = $"secret-guess-{i}" };
            var answer = await anonymous.PostAsJsonAsync("/api/sessions", login, Ct);
            tries.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(answer.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A throttled login says when to try again.");
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 20), HttpStatusCode.TooManyRequests], tries);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = silo.BaseUrl };
        var form = await browser.PostAsync("/backoffice/login", new FormUrlEncodedContent([new("operator", ""), new("secret", "token-guess-x-0123456789")]), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.NotNull(form.Headers.RetryAfter);
        Assert.Contains("login failed for (bootstrap token) from", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("token-guess-", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-guess-", silo.Output, StringComparison.Ordinal);
    }
}

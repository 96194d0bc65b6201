using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using RetentionActors.Silo.Hosting;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// The mapped <c>/health/ready</c> reads this silo's own membership status: with a writable store, it answers 503 while
/// the silo is not yet, or no longer, Active, and 200 while it is. Called in process, without a server or a cluster.
/// </summary>
public sealed class ReadinessEndpointTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-ready-").FullName;
    private readonly SqliteDatabase _store;
    private readonly Membership _membership = new();
    private readonly WebApplication _app;

    public ReadinessEndpointTests()
    {
        _store = new SqliteDatabase(Path.Combine(_folder, "retention.db"));
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddSingleton<SqlDatabase>(_store);
        builder.Services.AddSingleton(new SiloOptions { DataFolder = _folder });
        builder.Services.AddSingleton<ISiloStatusOracle>(_membership);
        builder.AddStoreHealth();
        _app = builder.Build();
        _app.MapHealthEndpoints();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Ready_follows_the_silos_membership_status_through_joining_active_and_shutting_down()
    {
        var seen = new List<(SiloStatus, int)>();
        foreach (var status in new[] { SiloStatus.Created, SiloStatus.Joining, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Stopping, SiloStatus.Dead })
        {
            _membership.CurrentStatus = status;
            seen.Add((status, await GetAsync(HealthEndpoints.ReadyPath)));
        }

        Assert.Equal(
            [(SiloStatus.Created, 503), (SiloStatus.Joining, 503), (SiloStatus.Active, 200), (SiloStatus.ShuttingDown, 503), (SiloStatus.Stopping, 503), (SiloStatus.Dead, 503)],
            seen);
        Assert.Equal(200, await GetAsync(HealthEndpoints.LivePath));
    }

    private async Task<int> GetAsync(string path)
    {
        var endpoint = ((IEndpointRouteBuilder)_app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Single(e => "/" + e.RoutePattern.RawText!.TrimStart('/') == path);
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await endpoint.RequestDelegate!(context);
        return context.Response.StatusCode;
    }

    /// <summary>This silo's membership status as the test sets it; nothing else of the oracle is used by readiness.</summary>
    private sealed class Membership : ISiloStatusOracle
    {
        public SiloStatus CurrentStatus { get; set; }

        public string SiloName => "test";

        public SiloAddress SiloAddress => throw new NotSupportedException();

        public SiloAddress[] GetActiveSilos() => throw new NotSupportedException();

        public SiloStatus GetApproximateSiloStatus(SiloAddress siloAddress) => throw new NotSupportedException();

        public Dictionary<SiloAddress, SiloStatus> GetApproximateSiloStatuses(bool onlyActive = false) => throw new NotSupportedException();

        public bool TryGetSiloName(SiloAddress siloAddress, [NotNullWhen(true)] out string? siloName) => throw new NotSupportedException();

        public bool IsFunctionalDirectory(SiloAddress siloAddress) => throw new NotSupportedException();

        public bool IsDeadSilo(SiloAddress silo) => throw new NotSupportedException();

        public bool SubscribeToSiloStatusEvents(ISiloStatusListener observer) => throw new NotSupportedException();

        public bool UnSubscribeFromSiloStatusEvents(ISiloStatusListener observer) => throw new NotSupportedException();
    }
}

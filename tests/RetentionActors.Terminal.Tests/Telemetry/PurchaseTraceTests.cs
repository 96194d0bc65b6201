using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Orleans.TestingHost;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Grains;
using RetentionActors.Grains.Telemetry;
using RetentionActors.Silo.Hosting;
using RetentionActors.Storage.Hosting;
using RetentionActors.Storage.Sql;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Tests.Fixtures;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Terminal.Tests.Telemetry;

/// <summary>
/// One purchase rung up at a desk, traced with OpenTelemetry's in-memory exporter: the till's span, the grain calls it
/// leads to on the silo, and the group commit that made the sale durable (linked to the customer grain's call).
/// The silo and the client are wired for tracing by the same helpers the silo and the terminal use.
/// </summary>
public sealed class PurchaseTraceTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("retention-trace-test-").FullName;
    private readonly ExportedSpans _exported = new();
    private TracerProvider _tracing = null!;
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TerminalTracing.ActivitySourceName)
            .AddSource(SiloTelemetry.ActivitySources)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_exported)
            .Build()!;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSqliteStorage(_data);
            silo.Services.AddRetentionGrains();
            silo.UseTracePropagation();
        });
        InternalClient.Trust(builder);
        builder.ConfigureClient(client => TerminalTracing.Propagate(client));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task Purchase_TraceLinksTillGrainCallsAndStorageWrite()
    {
        var card = ClusterFixture.NewCardId();
        var customerId = $"c-{Guid.NewGuid():N}";
        await _cluster.Client.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Traced Customer"));
        await _cluster.Client.GetGrain<ILoyaltyCardGrain>(card.ToString()).LinkAsync(customerId);
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(_cluster.Client));

        var answer = await desk.PurchaseAsync(card, "traced-1", 12.50m, null, TestContext.Current.CancellationToken);

        Assert.Equal("accrued", answer.Event);
        var till = Single(s => s.Source.Name == TerminalTracing.ActivitySourceName && Equals(s.GetTagItem("retention.receipt_id"), "traced-1"), "the till's purchase span");
        var trace = Spans().Where(s => s.TraceId == till.TraceId).ToList();
        var cardCall = Assert.Single(trace, s => s.Kind == ActivityKind.Server && Method(s).EndsWith("ILoyaltyCardGrain/CheckoutAsync", StringComparison.Ordinal));
        var customerCall = Assert.Single(trace, s => s.Kind == ActivityKind.Server && Method(s).EndsWith("ICustomerTillGrain/CheckoutAsync", StringComparison.Ordinal));
        Assert.True(Descends(cardCall, till, trace), "the card grain's call is under the till's span");
        Assert.True(Descends(customerCall, cardCall, trace), "the customer grain's call is under the card grain's");

        // The batch span stops just after the callers are answered: wait for it to be exported.
        await Eventually.Until(() => Spans().Any(s => IsCommitOf(s, customerCall)), "the group commit span linked to the customer grain's call", TimeSpan.FromSeconds(10));
        var commit = Assert.Single(Spans(), s => IsCommitOf(s, customerCall));
        Assert.NotEqual(till.TraceId, commit.TraceId);
        Assert.True((int)commit.GetTagItem("retention.group_commit.writes")! >= 1);
    }

    private static bool IsCommitOf(Activity span, Activity caller) =>
        span.Source.Name == GroupCommitWriter.ActivitySourceName && span.DisplayName == GroupCommitWriter.BatchSpanName
        && span.Links.Any(l => l.Context.TraceId == caller.TraceId && l.Context.SpanId == caller.SpanId);

    private static string Method(Activity span) => span.GetTagItem("rpc.method") as string ?? "";

    private static bool Descends(Activity span, Activity ancestor, List<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default; parent = trace.FirstOrDefault(s => s.SpanId == parent)?.ParentSpanId ?? default)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }
        }
        return false;
    }

    private Activity Single(Func<Activity, bool> match, string what)
    {
        var found = Spans().Where(match).ToList();
        Assert.True(found.Count == 1, $"Expected one {what}, found {found.Count}. Spans: {string.Join(", ", Spans().Select(s => $"{s.Source.Name}:{s.DisplayName}"))}");
        return found[0];
    }

    private List<Activity> Spans() => _exported.Snapshot();

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _tracing.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection may still hold the file; the OS cleans temp folders.
        }
    }
}

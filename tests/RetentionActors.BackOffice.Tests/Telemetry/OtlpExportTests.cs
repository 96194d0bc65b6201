using System.Collections.Concurrent;
using System.Net;
using System.Text;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Tests.Shared;

namespace RetentionActors.BackOffice.Tests.Telemetry;

/// <summary>
/// A silo given OTEL_EXPORTER_OTLP_ENDPOINT pushes its metrics and its traces there (OTLP over HTTP, protobuf). The
/// receiver here does not decode protobuf: it looks for the names the payloads must hold, which protobuf keeps as
/// plain UTF-8.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Silo_WithOtlpEndpoint_PushesMetricsAndTraces()
    {
        var port = BuildOutput.FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var received = new ConcurrentQueue<(string Path, string Body)>();
        var receiving = ReceiveAsync(receiver, received);
        var data = Directory.CreateTempSubdirectory("retention-otlp-").FullName;
        await using var silo = await SiloProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        await using var client = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(data), silo.GatewayPort);

        var customer = client.Grains.GetGrain<ICustomerGrain>("otlp-1");
        await customer.EnrollAsync(new CustomerProfile("Otlp Customer"));
        var card = CardId.Parse("mag:6000000000123456").ToString();
        await client.Grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync("otlp-1");
        var booked = await client.Grains.GetGrain<ILoyaltyCardGrain>(card).EarnAsync(new Purchase("s1", "t1", "otlp-r1", DateTimeOffset.UtcNow.AddMinutes(-1), 10m));
        Assert.True(booked.IsAccepted, booked.Declined?.Message);

        await Eventually.Until(() => Has(received, "/v1/metrics", "retention.accruals") && Has(received, "/v1/traces", "group commit")
                && Has(received, "/v1/traces", "ILoyaltyCardGrain/EarnAsync") && Has(received, "/v1/traces", "retention-silo"),
            $"OTLP metrics with retention.accruals and traces with the group commit and the card grain's call (received: {string.Join(", ", received.Select(r => r.Path))})",
            TimeSpan.FromSeconds(20));
        receiver.Stop();
        await receiving;
    }

    private static bool Has(ConcurrentQueue<(string Path, string Body)> received, string path, string text) =>
        received.Any(r => r.Path == path && r.Body.Contains(text, StringComparison.Ordinal));

    private static async Task ReceiveAsync(HttpListener receiver, ConcurrentQueue<(string, string)> received)
    {
        while (receiver.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await receiver.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            received.Enqueue((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}

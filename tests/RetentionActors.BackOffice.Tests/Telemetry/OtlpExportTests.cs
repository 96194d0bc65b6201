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
        await using var receiver = new OtlpReceiver();
        var data = Directory.CreateTempSubdirectory("retention-otlp-").FullName;
        await using var silo = await SiloProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
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

        await Eventually.Until(() => receiver.Has("/v1/metrics", "retention.accruals") && receiver.Has("/v1/traces", "group commit")
                && receiver.Has("/v1/traces", "ILoyaltyCardGrain/EarnAsync") && receiver.Has("/v1/traces", "retention-silo"),
            $"OTLP metrics with retention.accruals and traces with the group commit and the card grain's call (received: {string.Join(", ", receiver.Received.Select(r => r.Path))})",
            TimeSpan.FromSeconds(20));
    }
}

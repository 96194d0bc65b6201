using RetentionActors.Terminal.Checkout;
using RetentionActors.Tests.Shared;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Terminal.Tests.Telemetry;

/// <summary>The terminal sends its spans by OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
public sealed class TerminalOtlpTests
{
    [Fact]
    public void Exporter_WithoutEndpoint_IsNotStarted()
    {
        using var tracing = TerminalTracing.StartExporter(_ => null);

        Assert.Null(tracing);
    }

    [Fact]
    public async Task Exporter_WithEndpoint_SendsTheTillsSpans()
    {
        await using var receiver = new OtlpReceiver();
        var endpoint = receiver.Endpoint;
        // The exporter reads the standard variables from the process environment; no other test of this assembly exports by OTLP.
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        try
        {
            using (var tracing = TerminalTracing.StartExporter(Environment.GetEnvironmentVariable))
            {
                Assert.NotNull(tracing);
                using var span = TerminalTracing.Start("PurchaseAsync", "otlp-receipt-1");
                Assert.NotNull(span);
            }

            // Disposing the provider flushed the span (other tests' grain-call spans may come in other requests).
            await Eventually.Until(() => receiver.Received.Any(r => r.Path == "/v1/traces" && r.Body.Contains("otlp-receipt-1", StringComparison.Ordinal)
                    && r.Body.Contains(TerminalTracing.ServiceName, StringComparison.Ordinal)),
                "an OTLP trace export holding the till's span", TimeSpan.FromSeconds(10));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
        }
    }
}

using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// The till's spans: one per desk operation (<c>purchase</c>, <c>redeem</c>…), parent of the grain calls it makes, whose
/// W3C trace context the Orleans client carries to the silo (activity propagation, see SiloConnection). Recorded and
/// sent by OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise nothing listens and no span is made.
/// </summary>
public static class TerminalTracing
{
    public const string ActivitySourceName = "RetentionActors.Terminal";

    public const string ServiceName = "retention-terminal";

    private static readonly ActivitySource s_source = new(ActivitySourceName);

    /// <summary>
    /// Makes the client carry the current span with every grain call as W3C trace context (in the request context), and
    /// make a client span per call. Cheap while nobody traces: no span is made then.
    /// </summary>
    public static IClientBuilder Propagate(IClientBuilder client) => client.AddActivityPropagation();

    /// <summary>The span of one desk operation; null while nobody traces.</summary>
    public static Activity? Start(string operation, string? receiptId = null)
    {
        var span = s_source.StartActivity(operation);
        if (span is not null && receiptId is not null)
        {
            span.SetTag("retention.receipt_id", receiptId);
        }
        return span;
    }

    /// <summary>
    /// The OTLP exporter of the till's spans and of its Orleans client's, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
    /// (the other OTEL_* variables configure it as usual); null otherwise. Dispose it at exit, so the last spans are sent.
    /// </summary>
    public static TracerProvider? StartExporter(Func<string, string?> environment) =>
        string.IsNullOrWhiteSpace(environment("OTEL_EXPORTER_OTLP_ENDPOINT"))
            ? null
            : Sdk.CreateTracerProviderBuilder()
                .ConfigureResource(resource => resource.AddService(ServiceName))
                .AddSource(ActivitySourceName, "Microsoft.Orleans.Application")
                .AddOtlpExporter()
                .Build();
}

using Microsoft.AspNetCore.Authentication;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Telemetry;
using RetentionActors.Silo.Api;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// OpenTelemetry for the silo. Metrics — Orleans' own and ours (<see cref="RetentionMetrics"/>) — are always
/// collected and served for Prometheus at <see cref="MetricsPath"/> on the silo's HTTP port, behind the back-office
/// login (any operator role) or a scrape-only token (<see cref="MetricsScrapeToken"/>): the figures say how much a
/// retailer sells, so they are not anonymous, and one port stays the one to secure and publish. They are also pushed
/// by OTLP, and traces are recorded and pushed, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables configure the exporter); without it
/// no span is recorded at all, so an untraced silo does not pay for tracing on every grain call.
/// </summary>
public static class SiloTelemetry
{
    public const string MetricsPath = "/metrics";

    public const string ServiceName = "retention-silo";

    /// <summary>Who may scrape: any back-office operator, or Prometheus with <see cref="MetricsScrapeToken"/>.</summary>
    public const string ScrapePolicy = "metrics-scrape";

    /// <summary>Orleans' meter (activations, calls, messaging…), ours, and the refused-calls counter of the gateway rules.</summary>
    public static readonly string[] Meters = ["Microsoft.Orleans", RetentionMetrics.MeterName, CallerAuthorizationFilter.MeterName];

    /// <summary>
    /// The tag combinations each metric keeps apart. The SDK reserves room for all of them up front, in every metric of
    /// every instrument (Orleans alone makes over two hundred): at its default of 2,000, a heap dump of a soak's silo held
    /// 40 MB of it, and a short soak's silo kept about 20 MB less live heap at this limit. The busiest metric a soak saw
    /// had 23 series (one per grain type). Measurements past the limit still count, in one series tagged
    /// <c>otel.metric.overflow</c>.
    /// </summary>
    public const int SeriesPerMetric = 200;

    /// <summary>
    /// The spans of grain calls (Orleans makes them once activity propagation is on, see RetentionSiloExtensions), of
    /// customer commits and of the group commit.
    /// </summary>
    public static readonly string[] ActivitySources =
        ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", CommitTracing.ActivitySourceName, GroupCommitWriter.ActivitySourceName];

    public static WebApplicationBuilder AddRetentionTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, MetricsScrapeToken>(MetricsScrapeToken.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(ScrapePolicy, policy => policy
            .AddAuthenticationSchemes(BackOfficeTokens.Scheme, MetricsScrapeToken.SchemeName)
            .RequireRole(BackOfficeTokens.AdminRole, BackOfficeTokens.ApproverRole, BackOfficeTokens.AnalystRole, MetricsScrapeToken.Role));
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: SiloVersion.Text))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddAspNetCoreInstrumentation().AddPrometheusExporter()
                    .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = SeriesPerMetric });
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(ActivitySources).AddAspNetCoreInstrumentation().AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>
    /// W3C trace context through grain calls: a call arriving with one continues its trace, and calls the grain makes
    /// carry it on. Orleans makes the grain-call spans only while a tracer listens (with OTLP configured, or in tests).
    /// </summary>
    public static ISiloBuilder UseTracePropagation(this ISiloBuilder silo) => silo.AddActivityPropagation();

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(ScrapePolicy).ExcludeFromDescription();
        return endpoints;
    }
}

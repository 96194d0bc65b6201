using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using RetentionActors.Grains.Telemetry;
using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// The silo's metrics keep at most <see cref="SiloTelemetry.SeriesPerMetric"/> tag combinations per metric (why: see there).
/// </summary>
public sealed class MetricSeriesLimitTests
{
    [Fact]
    public async Task A_metric_with_more_tag_combinations_than_the_limit_counts_the_rest_in_one_overflow_series()
    {
        var exported = new List<Metric>();
        var builder = WebApplication.CreateBuilder();
        builder.AddRetentionTelemetry();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        await using var app = builder.Build();
        var provider = app.Services.GetRequiredService<MeterProvider>();
        // A meter of the silo's own name, so the silo's metric configuration takes its instruments.
        using var meter = new Meter(RetentionMetrics.MeterName);
        var counter = meter.CreateCounter<long>("test.series.limit");

        var combinations = SiloTelemetry.SeriesPerMetric + 50;
        for (var i = 0; i < combinations; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("store", $"store-{i}"));
        }
        provider.ForceFlush();

        var points = PointsOf(exported.Last(m => m.Name == "test.series.limit"));
        var overflow = points.Where(IsOverflow).ToList();
        Assert.True(points.Count <= SiloTelemetry.SeriesPerMetric + 1, $"{points.Count} series kept");
        Assert.Single(overflow);
        // Nothing measured is lost: the overflow series counts what the limit kept out.
        Assert.Equal(combinations, points.Sum(p => p.GetSumLong()));
    }

    private static bool IsOverflow(MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == "otel.metric.overflow")
            {
                return true;
            }
        }
        return false;
    }

    private static List<MetricPoint> PointsOf(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }
        return points;
    }
}

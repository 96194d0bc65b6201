using System.Text;

namespace RetentionActors.Bench.Reporting;

/// <summary>
/// Throughput (bars' line, left axis) and p99 latency (right axis) against concurrency for each target
/// of the concurrency sweep, as a plain SVG so the docs need no plotting tool.
/// </summary>
public static class SvgChart
{
    private const int Width = 760, Height = 380, Left = 70, Right = 70, Top = 40, Bottom = 60;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

    public static string Render(IReadOnlyList<Figure> sweep, string title)
    {
        var targets = sweep.Select(f => f.Target).Distinct().ToList();
        var levels = sweep.Select(f => f.Concurrency).Distinct().Order().ToList();
        var maxThroughput = Nice(sweep.Max(f => f.Throughput));
        var maxP99 = Nice(sweep.Where(f => !double.IsNaN(f.P99)).DefaultIfEmpty().Max(f => f?.P99 ?? 1));
        double X(int level) => Left + (levels.Count == 1 ? 0.5 : levels.IndexOf(level) / (double)(levels.Count - 1)) * (Width - Left - Right);
        double Y(double value, double max) => Top + (1 - value / max) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="white"/><text x="{Width / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>""");
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = Y(maxThroughput * tick / 4, maxThroughput);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{y:F1}" y2="{y:F1}" stroke="#ddd"/><text x="{Left - 6}" y="{y + 4:F1}" text-anchor="end">{maxThroughput * tick / 4:N0}</text><text x="{Width - Right + 6}" y="{y + 4:F1}">{maxP99 * tick / 4:F1}</text>""");
        }
        foreach (var level in levels)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(level):F1}" y="{Height - Bottom + 18}" text-anchor="middle">{level}</text>""");
        }
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Width / 2}" y="{Height - 22}" text-anchor="middle">concurrent terminals</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text transform="translate(16,{Height / 2}) rotate(-90)" text-anchor="middle">accruals/s (solid)</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text transform="translate({Width - 14},{Height / 2}) rotate(90)" text-anchor="middle">p99 ms (dashed)</text>""");
        for (var i = 0; i < targets.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            var points = sweep.Where(f => f.Target == targets[i]).OrderBy(f => f.Concurrency).ToList();
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{colour}" stroke-width="2" points="{string.Join(' ', points.Select(p => $"{X(p.Concurrency):F1},{Y(p.Throughput, maxThroughput):F1}"))}"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="5,4" points="{string.Join(' ', points.Where(p => !double.IsNaN(p.P99)).Select(p => $"{X(p.Concurrency):F1},{Y(p.P99, maxP99):F1}"))}"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{Left + 10 + i * 170}" y="{Height - 16}" width="12" height="4" fill="{colour}"/><text x="{Left + 28 + i * 170}" y="{Height - 11}">{targets[i]}</text>""");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    // A round axis maximum just above the largest value.
    private static double Nice(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(step => step * magnitude).First(candidate => candidate >= value);
    }
}

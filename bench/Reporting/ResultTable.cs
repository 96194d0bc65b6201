namespace RetentionActors.Bench.Reporting;

/// <summary>The results as a fixed-width table (Markdown-compatible, so it pastes into docs/performance.md as is).</summary>
public static class ResultTable
{
    private const string Header = "| scenario | target | conc | ops | ops/s | p50 ms | p95 ms | p99 ms | max ms | CPU µs/op | errors | note |";

    public static string Row(Figure f) =>
        $"| {f.Scenario} | {f.Target} | {f.Concurrency} | {f.Operations:N0} | {Num(f.Throughput, "N0")} | {Num(f.P50, "F2")} | {Num(f.P95, "F2")} | {Num(f.P99, "F2")} | {Num(f.Max, "F1")} | {Num(f.CpuMicrosecondsPerOperation, "N0")} | {f.Errors} | {f.Note} |";

    public static string Render(Report report)
    {
        var text = new System.Text.StringBuilder();
        var run = report.Run;
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {run.Date}, commit {run.Commit}, {run.Configuration}, {run.Machine}: {run.Cores} cores ({run.Cpu}), {run.Os}, {run.Runtime}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: {run.Command}");
        text.AppendLine(CultureInfo.InvariantCulture, $"PostgreSQL: {run.Postgres}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Options: {string.Join(", ", report.Options.Select(o => $"{o.Key}={o.Value}"))}");
        text.AppendLine();
        text.AppendLine(Header);
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var figure in report.Figures)
        {
            text.AppendLine(Row(figure));
        }
        if (report.Checks.Count > 0)
        {
            text.AppendLine();
            foreach (var check in report.Checks)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"check {check.Scenario}/{check.Target}: {check.What}: expected {check.Expected}, got {check.Actual} — {(check.Passed ? "OK" : "FAILED")}");
            }
        }
        foreach (var note in report.Notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"note: {note}");
        }
        if (report.Ratios.Count > 0)
        {
            text.AppendLine();
            foreach (var (name, value) in report.Ratios)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{name} = {Num(value, "F2")}   ({report.RatioExplanations.GetValueOrDefault(name)})");
            }
        }
        return text.ToString();
    }

    private static string Num(double value, string format) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);
}

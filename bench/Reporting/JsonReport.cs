using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetentionActors.Bench.Reporting;

/// <summary>The same figures as the table, as JSON a script can compare run to run.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync(Report report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, new
        {
            report.Run,
            report.Options,
            report.Figures,
            Checks = report.Checks.Select(c => new { c.Scenario, c.Target, c.What, c.Expected, c.Actual, c.Passed }),
            report.Ratios,
            report.RatioExplanations,
            report.Notes,
        }, Options);
    }
}

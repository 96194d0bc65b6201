namespace RetentionActors.Bench.Reporting;

/// <summary>Everything a run found: its circumstances, options, figures, ratios and checks. Printed and written as JSON alike.</summary>
public sealed class Report(RunInfo run, IReadOnlyDictionary<string, string> options)
{
    public RunInfo Run { get; } = run;
    public IReadOnlyDictionary<string, string> Options { get; } = options;
    public List<Figure> Figures { get; } = [];
    public List<Check> Checks { get; } = [];
    public List<string> Notes { get; } = [];

    /// <summary>Headline ratios, in print order (name → value); the name is printed as is.</summary>
    public Dictionary<string, double> Ratios { get; } = [];

    public Dictionary<string, string> RatioExplanations { get; } = [];

    public void Add(Figure figure)
    {
        Figures.Add(figure);
        Console.Error.WriteLine($"  → {ResultTable.Row(figure)}");
    }

    public void Add(Check check)
    {
        Checks.Add(check);
        Console.Error.WriteLine($"  check {check.Scenario}/{check.Target} {check.What}: expected {check.Expected}, got {check.Actual} — {(check.Passed ? "OK" : "FAILED")}");
    }

    public Figure? Find(string scenario, string target, int? concurrency = null) =>
        Figures.LastOrDefault(f => f.Scenario == scenario && f.Target == target && (concurrency is null || f.Concurrency == concurrency));
}

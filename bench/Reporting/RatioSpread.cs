namespace RetentionActors.Bench.Reporting;

/// <summary>A headline ratio over several alternating runs: its median, its range and the spread (max/min).</summary>
public sealed record RatioSpread(IReadOnlyList<double> Ratios)
{
    public double Median
    {
        get
        {
            var sorted = Ratios.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public double Min => Ratios.Min();

    public double Max => Ratios.Max();

    public double Spread => Min > 0 ? Max / Min : double.PositiveInfinity;

    public string Describe() =>
        FormattableString.Invariant($"median of {Ratios.Count} alternating runs, min–max {Min:F2}–{Max:F2}, spread {Spread:F2}; runs {string.Join(", ", Ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}");
}

namespace RetentionActors.Domain.Liability;

/// <summary>What outstanding points are worth in the books, and the breakage rate: the rules behind the points liability report.</summary>
public static class PointValuation
{
    public const decimal MostPerPoint = 1000m;

    /// <summary>Six places hold a fraction of the smallest coin of any currency (0.0001 USD per point is common); more is a typo.</summary>
    public const int MostDecimals = 6;

    /// <summary>Why <paramref name="valuePerPoint"/> cannot be the value of one point, or null when it can.</summary>
    public static string? Problem(decimal valuePerPoint) =>
        valuePerPoint < 0m || valuePerPoint > MostPerPoint || decimal.Round(valuePerPoint, MostDecimals) != valuePerPoint
            ? $"The liability value per point must be 0 to {MostPerPoint} with at most {MostDecimals} decimal places, not {valuePerPoint}."
            : null;

    /// <summary>The money value of <paramref name="points"/>, exact (no rounding: the books round once, at the total they post).</summary>
    public static decimal Value(long points, decimal valuePerPoint) => points * valuePerPoint;

    /// <summary>Expired points as a percentage of points issued in the same window; null when none were issued.</summary>
    public static double? BreakagePercent(long expired, long issued) =>
        issued <= 0 ? null : Math.Round(expired * 100.0 / issued, 4);
}

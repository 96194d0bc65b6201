namespace RetentionActors.Domain.Uplift;

/// <summary>An estimate with its 95 % confidence interval.</summary>
public sealed record Estimate(double Value, double Low, double High)
{
    /// <summary>The interval holds zero: the data cannot tell the effect from no effect.</summary>
    public bool SpansZero => Low <= 0 && High >= 0;

    public Estimate Times(double factor) => factor >= 0
        ? new Estimate(Value * factor, Low * factor, High * factor)
        : new Estimate(Value * factor, High * factor, Low * factor);
}

/// <summary>A per-customer measure summed over a group: enough for a mean and a variance without the rows.</summary>
public sealed record Moments(long Count, double Sum, double SumOfSquares)
{
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>Sample variance (n − 1); 0 for fewer than two customers.</summary>
    public double Variance => Count < 2 ? 0 : Math.Max(0, (SumOfSquares - Sum * Sum / Count) / (Count - 1));
}

/// <summary>
/// The 95 % intervals uplift needs, as plain arithmetic: Newcombe's hybrid score interval for a difference of two
/// proportions (better than Wald when a share is near 0 or 1 or a group is small) and Welch's t interval for a
/// difference of two means with unequal variances.
/// </summary>
public static class UpliftStatistics
{
    /// <summary>The standard normal quantile for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Wilson score interval for <paramref name="successes"/> of <paramref name="n"/>.</summary>
    public static Estimate Wilson(long successes, long n)
    {
        if (n <= 0)
        {
            return new Estimate(0, 0, 1);
        }
        var p = (double)successes / n;
        var z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z95 / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Estimate(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>p₁ − p₂ with Newcombe's hybrid score interval (his method 10), from the two Wilson intervals.</summary>
    public static Estimate DifferenceOfProportions(long successes1, long n1, long successes2, long n2)
    {
        var a = Wilson(successes1, n1);
        var b = Wilson(successes2, n2);
        var d = a.Value - b.Value;
        var low = d - Math.Sqrt(Square(a.Value - a.Low) + Square(b.High - b.Value));
        var high = d + Math.Sqrt(Square(a.High - a.Value) + Square(b.Value - b.Low));
        return new Estimate(d, low, high);
    }

    /// <summary>mean₁ − mean₂ with Welch's interval (Welch–Satterthwaite degrees of freedom).</summary>
    public static Estimate DifferenceOfMeans(Moments first, Moments second)
    {
        var d = first.Mean - second.Mean;
        if (first.Count < 2 || second.Count < 2)
        {
            return new Estimate(d, double.NegativeInfinity, double.PositiveInfinity);
        }
        var v1 = first.Variance / first.Count;
        var v2 = second.Variance / second.Count;
        var se = Math.Sqrt(v1 + v2);
        if (se == 0)
        {
            return new Estimate(d, d, d);
        }
        var df = Square(v1 + v2) / (Square(v1) / (first.Count - 1) + Square(v2) / (second.Count - 1));
        var half = StudentT975(df) * se;
        return new Estimate(d, d - half, d + half);
    }

    /// <summary>
    /// The 97.5 % quantile of Student's t with <paramref name="df"/> degrees of freedom, from the Cornish–Fisher
    /// expansion around the normal quantile (within 0.004 of the tables at 3 degrees of freedom and 0.0003 from 5; Welch's df is
    /// rarely below that, and below 1 the interval is meaningless anyway, so it is clamped there).
    /// </summary>
    public static double StudentT975(double df)
    {
        df = Math.Max(df, 1);
        var z = Z95;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        var z7 = z5 * z * z;
        var z9 = z7 * z * z;
        return z
            + (z3 + z) / (4 * df)
            + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df)
            + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df * df * df * df);
    }

    private static double Square(double x) => x * x;
}

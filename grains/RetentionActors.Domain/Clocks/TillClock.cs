using System.Globalization;

namespace RetentionActors.Domain.Clocks;

/// <summary>
/// Whether a till's clock can be trusted for a sale. A sale may arrive days late (the till was offline), so its own
/// time proves nothing about the clock; the till's clock at the moment it sent the sale does: the difference to the
/// cluster's clock is the till's skew. Beyond the allowed skew the sale is declined, with a message saying by how
/// much and which way the till is off, so someone can fix the clock and correct the sale; within it, it is taken.
/// </summary>
public static class TillClock
{
    /// <summary>The program's default allowed skew, in minutes (see <c>ProgramSettings.MaxTillClockSkewMinutes</c>).</summary>
    public const int DefaultMaxSkewMinutes = 90;

    /// <summary>The largest allowed skew a program may set: a day (beyond it a till is on the wrong date).</summary>
    public const int MostSkewMinutes = 24 * 60;

    /// <summary>
    /// Null when the sale can be taken; otherwise why not. <paramref name="sentAt"/> is the till's clock when it sent the
    /// sale (null from terminals that do not send it: then only a sale time too far in the future is refused, as no
    /// skew can be measured). A sale time ahead of the cluster by more than the allowed skew is refused either way:
    /// the till's clock was ahead when the sale was rung up, even if it was put right before sending.
    /// </summary>
    public static ClockVerdict? Judge(DateTimeOffset occurredAt, DateTimeOffset? sentAt, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (maxSkew <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSkew), maxSkew, "The allowed skew is positive.");
        }
        if (sentAt is { } sent && (sent - now).Duration() > maxSkew)
        {
            var skew = sent - now;
            return new ClockVerdict(skew,
                $"the till's clock is {Describe(skew)} {(skew > TimeSpan.Zero ? "ahead of" : "behind")} the cluster (at most {Describe(maxSkew)} is allowed); "
                + "fix the till's clock; the sale is kept for correction");
        }
        var ahead = occurredAt - now;
        if (ahead > maxSkew)
        {
            return new ClockVerdict(ahead,
                $"the sale's time {occurredAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)} is {Describe(ahead)} ahead of the cluster "
                + $"(at most {Describe(maxSkew)} is allowed): the till's clock was ahead when it was rung up; fix the till's clock; the sale is kept for correction");
        }
        return null;
    }

    /// <summary>
    /// A skew as people read it, rounded to its last unit: <c>2 days 0 h</c>, <c>3 h 12 min</c>, <c>7 min</c>, <c>40 s</c>
    /// (its size; the sign is said in words).
    /// </summary>
    public static string Describe(TimeSpan skew)
    {
        var size = skew.Duration();
        var hours = (long)Math.Round(size.TotalHours, MidpointRounding.AwayFromZero);
        if (hours >= 24)
        {
            var days = hours / 24;
            return string.Create(CultureInfo.InvariantCulture, $"{days} day{(days == 1 ? "" : "s")} {hours % 24} h");
        }
        var minutes = (long)Math.Round(size.TotalMinutes, MidpointRounding.AwayFromZero);
        if (minutes >= 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60} min");
        }
        return minutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Round(size.TotalSeconds, MidpointRounding.AwayFromZero)} s");
    }
}

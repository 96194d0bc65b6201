using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Reports;

/// <summary>
/// Counting the months that are over ahead of the back office (configuration section <c>CountAhead</c>, e.g.
/// <c>CountAhead__Every=06:00:00</c>); see <see cref="CountingAhead"/>.
/// </summary>
public sealed class CountAheadOptions : ICheckedOptions
{
    public const string Section = "CountAhead";

    /// <summary>Whether this silo counts ahead at all. Default: yes.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long after the silo starts it first counts: long enough for a cluster's start, when every till reconnects, not
    /// to share the database with a first count of years of purchases. Default: 5 minutes.
    /// </summary>
    public TimeSpan FirstAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often it looks for months to count after that. A month is counted once, two days after it ends. Default: 1 hour.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many months before the current one are kept counted, 3 to 240: a report from as far back finds them all kept.
    /// Default: 36 (three years).
    /// </summary>
    public int Months { get; set; } = 36;

    /// <summary>Why these options cannot work, or null.</summary>
    // Beyond 31 days neither a delay nor a timer can be set (their limit is about 49 days); a round a month is the least useful.
    public string? Problem() =>
        FirstAfter < TimeSpan.Zero || FirstAfter > TimeSpan.FromDays(31) ? "CountAhead:FirstAfter must be 0 to 31 days (how long after the start the silo first counts, hh:mm:ss or d.hh:mm:ss)."
        : Every < TimeSpan.FromSeconds(1) || Every > TimeSpan.FromDays(31) ? "CountAhead:Every must be 1 second to 31 days (hh:mm:ss or d.hh:mm:ss)."
        : Months is < 3 or > 240 ? "CountAhead:Months must be 3 to 240."
        : null;
}

using Orleans.Configuration;
using Orleans.Hosting;

namespace RetentionActors.Grains;

/// <summary>
/// How long an activation may sit without a call before the silo deactivates it (Orleans' idle collection).
/// Every grain type follows the same age: customers and cards load their state again on the next call, so an idle
/// one costs memory and nothing else, and a silo should give that memory back after the day's selling.
/// Orleans looks at an activation when its age is up and, if it was called meanwhile, again one age later: an idle
/// activation goes between one and two ages (and a quantum) after its last call. That is why, under the default of 15
/// minutes, customers and cards sold to until the end of a day were still active 27 minutes later (issue 22), while
/// grains called only once were gone after 15.
/// </summary>
public static class GrainIdleAge
{
    /// <summary>Orleans' own default.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(15);

    /// <summary>The shortest age a silo takes: shorter ages make the collector scan more often than it is worth.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(3);

    /// <summary>The longest: an activation idle for a day holds memory for nothing.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(1);

    // Orleans' default scan interval; shorter only when the age itself is short.
    private static readonly TimeSpan LongestQuantum = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Sets the idle age, and a collection quantum (how often the collector looks) short enough for it: Orleans
    /// refuses an age not above the quantum, and an activation goes at most about one quantum after its age.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="age"/> is outside <see cref="Minimum"/>..<see cref="Maximum"/>.</exception>
    public static ISiloBuilder UseGrainIdleAge(this ISiloBuilder silo, TimeSpan age)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (age < Minimum || age > Maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, $"The grain idle age must be between {Minimum.TotalSeconds:0} seconds and {Maximum.TotalHours:0} hours.");
        }
        silo.Configure<GrainCollectionOptions>(options => (options.CollectionAge, options.CollectionQuantum) = (age, Quantum(age)));
        return silo;
    }

    /// <summary>A quarter of the age, at most a minute: the collector looks four times within an age.</summary>
    public static TimeSpan Quantum(TimeSpan age) => TimeSpan.FromTicks(Math.Min(LongestQuantum.Ticks, age.Ticks / 4));
}

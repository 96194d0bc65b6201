using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Events;

/// <summary>How long the outbox keeps events (configuration section <c>Events</c>, e.g. <c>Events__Retention=90.00:00:00</c>).</summary>
public sealed class EventRetentionOptions : ICheckedOptions
{
    public const string Section = "Events";

    /// <summary>
    /// How long an event stays readable on the change feed; older ones are deleted once every webhook subscription has
    /// passed them. A feed reader that falls further behind is told it missed events (410), never skipped past them.
    /// Default: 30 days.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each silo prunes. Default: 1 hour.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Why these options cannot work, or null.</summary>
    public string? Problem() =>
        Retention <= TimeSpan.Zero ? "Events:Retention must be above zero (how long the change feed keeps an event, d.hh:mm:ss)."
        : PruneInterval <= TimeSpan.Zero ? "Events:PruneInterval must be above zero."
        : null;
}

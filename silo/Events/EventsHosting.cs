using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Events;

public static class EventsHosting
{
    /// <summary>The outbox's retention (<see cref="EventRetentionOptions"/>, section <c>Events</c>).</summary>
    public static WebApplicationBuilder AddEventRetention(this WebApplicationBuilder builder)
    {
        builder.AddCheckedOptions<EventRetentionOptions>(EventRetentionOptions.Section,
            "Events:Retention and Events:PruneInterval are durations, written hh:mm:ss or d.hh:mm:ss.");
        builder.Services.AddHostedService<OutboxPruning>();
        return builder;
    }
}

using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Events;

public static class EventsHosting
{
    /// <summary>The outbox's retention (<see cref="EventRetentionOptions"/>, section <c>Events</c>); options that cannot work stop the silo with a message.</summary>
    public static WebApplicationBuilder AddEventRetention(this WebApplicationBuilder builder)
    {
        EventRetentionOptions options;
        try
        {
            options = builder.Configuration.GetSection(EventRetentionOptions.Section).Get<EventRetentionOptions>() ?? new EventRetentionOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new SiloStartupException($"{unreadable.Message} Events:Retention and Events:PruneInterval are durations, written hh:mm:ss or d.hh:mm:ss.");
        }
        if (options.Problem() is { } problem)
        {
            throw new SiloStartupException(problem);
        }
        builder.Services.AddOptions<EventRetentionOptions>().BindConfiguration(EventRetentionOptions.Section);
        builder.Services.AddHostedService<OutboxPruning>();
        return builder;
    }
}

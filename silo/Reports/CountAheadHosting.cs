using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Reports;

public static class CountAheadHosting
{
    /// <summary>Counting the months that are over ahead of the back office (<see cref="CountAheadOptions"/>, section <c>CountAhead</c>); options that cannot work stop the silo with a message.</summary>
    public static WebApplicationBuilder AddCountingAhead(this WebApplicationBuilder builder)
    {
        CountAheadOptions options;
        try
        {
            options = builder.Configuration.GetSection(CountAheadOptions.Section).Get<CountAheadOptions>() ?? new CountAheadOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new SiloStartupException($"{unreadable.Message} CountAhead:FirstAfter and CountAhead:Every are durations, written hh:mm:ss or d.hh:mm:ss; CountAhead:Enabled is true or false; CountAhead:Months is a whole number.");
        }
        if (options.Problem() is { } problem)
        {
            throw new SiloStartupException(problem);
        }
        builder.Services.AddOptions<CountAheadOptions>().BindConfiguration(CountAheadOptions.Section);
        builder.Services.AddHostedService<CountingAhead>();
        return builder;
    }
}

using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Reports;

public static class CountAheadHosting
{
    /// <summary>Counting the months that are over ahead of the back office (<see cref="CountAheadOptions"/>, section <c>CountAhead</c>).</summary>
    public static WebApplicationBuilder AddCountingAhead(this WebApplicationBuilder builder)
    {
        builder.AddCheckedOptions<CountAheadOptions>(CountAheadOptions.Section,
            "CountAhead:FirstAfter and CountAhead:Every are durations, written hh:mm:ss or d.hh:mm:ss; CountAhead:Enabled is true or false; CountAhead:Months is a whole number.");
        builder.Services.AddHostedService<CountingAhead>();
        return builder;
    }
}

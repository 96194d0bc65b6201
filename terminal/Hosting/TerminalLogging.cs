using Microsoft.Extensions.Logging;

namespace RetentionActors.Terminal.Hosting;

public static class TerminalLogging
{
    /// <summary>
    /// Logs to standard error only: standard output belongs to the screen or the JSON protocol. One line each, with the
    /// UTC time to the millisecond, so a till's log lines up with the silos' logs.
    /// </summary>
    public static ILoggingBuilder AddTerminalConsole(this ILoggingBuilder logging, bool verbose) => logging
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        })
        .AddFilter("Orleans", verbose ? LogLevel.Warning : LogLevel.Error)
        .AddFilter("Microsoft.Extensions.Hosting", verbose ? LogLevel.Warning : LogLevel.Critical)
        .AddFilter("Microsoft.Hosting", verbose ? LogLevel.Warning : LogLevel.Critical)
        .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
}

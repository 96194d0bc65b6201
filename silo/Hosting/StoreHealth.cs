using Npgsql;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Whether this silo can write to its database, for the readiness endpoint, and one log line when that changes:
/// a Warning saying what to check when writes stop, an Information line when they resume.
/// </summary>
public sealed partial class StoreHealth(SqlDatabase database, SiloOptions options, ILogger<StoreHealth> logger) : IHostedService
{
    private DateTimeOffset? _unavailableSince;

    /// <summary>Since when, and why, writes fail; null while the database takes them.</summary>
    public StoreOutage? Outage => database.Writer.Outage;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        database.Writer.OutageChanged += OnOutageChanged;
        database.Writer.ConnectionBroken += OnConnectionBroken;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        database.Writer.OutageChanged -= OnOutageChanged;
        database.Writer.ConnectionBroken -= OnConnectionBroken;
        return Task.CompletedTask;
    }

    private void OnConnectionBroken(Exception failure) => LogConnectionBroken(logger, failure.GetType().Name, failure.Message);

    private void OnOutageChanged(StoreOutage? outage)
    {
        if (outage is not null)
        {
            _unavailableSince = outage.Since;
            LogUnavailable(logger, outage.Reason, Advice());
        }
        else
        {
            LogBack(logger, (DateTimeOffset.UtcNow - (_unavailableSince ?? DateTimeOffset.UtcNow)).TotalSeconds);
        }
    }

    // Host and port only: the connection string also holds the password.
    private string Advice()
    {
        if (!options.IsCluster)
        {
            return $"check that the disk holding {options.DataDescription()} is mounted, writable and not full";
        }
        var postgres = new NpgsqlConnectionStringBuilder(options.Postgres);
        return $"check that PostgreSQL at {postgres.Host}:{postgres.Port} is up";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The loyalty database is unavailable ({Reason}): writes fail and tills keep purchases queued; {Advice}; writes resume by themselves")]
    private static partial void LogUnavailable(ILogger logger, string reason, string advice);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The write connection to the loyalty database broke ({ErrorType}: {Reason}); the writes in flight were refused as retryable and it is reopened")]
    private static partial void LogConnectionBroken(ILogger logger, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The loyalty database is reachable again after {Seconds:0.#} s; writes resume")]
    private static partial void LogBack(ILogger logger, double seconds);
}

using System.Diagnostics;
using Npgsql;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Whether this silo can write to its database, for the readiness endpoint, and one log line when that changes:
/// a Warning saying what to check when writes stop, an Information line when they resume. Batches of writes slower than
/// <see cref="GroupCommitWriter.SlowCommitThreshold"/> are warned about too, at most once in 10 seconds with their count:
/// a slow batch holds every sale in it, so it is what all tills waiting at once looks like from the silo.
/// </summary>
public sealed partial class StoreHealth(SqlDatabase database, SiloOptions options, ILogger<StoreHealth> logger) : IHostedService
{
    // Slow commits are reported at most once in this long, with how many there were since the last report.
    private static readonly TimeSpan SlowCommitReport = TimeSpan.FromSeconds(10);
    private DateTimeOffset? _unavailableSince;
    private long _lastSlowReport;
    private int _slowSinceReport;
    private TimeSpan _slowest;

    /// <summary>Since when, and why, writes fail; null while the database takes them.</summary>
    public StoreOutage? Outage => database.Writer.Outage;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        database.Writer.OutageChanged += OnOutageChanged;
        database.Writer.ConnectionBroken += OnConnectionBroken;
        database.Writer.SlowCommit += OnSlowCommit;
        database.StrayTransactionEnded += OnStrayTransactionEnded;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        database.Writer.OutageChanged -= OnOutageChanged;
        database.Writer.ConnectionBroken -= OnConnectionBroken;
        database.Writer.SlowCommit -= OnSlowCommit;
        database.StrayTransactionEnded -= OnStrayTransactionEnded;
        return Task.CompletedTask;
    }

    private void OnConnectionBroken(Exception failure) => LogConnectionBroken(logger, failure.GetType().Name, failure.Message);

    private void OnStrayTransactionEnded() => LogStrayTransaction(logger);

    // On the writer's thread only: no locking.
    private void OnSlowCommit((int Writes, TimeSpan Took) batch)
    {
        var (writes, took) = batch;
        _slowSinceReport++;
        _slowest = took > _slowest ? took : _slowest;
        if (_lastSlowReport != 0 && Stopwatch.GetElapsedTime(_lastSlowReport) < SlowCommitReport)
        {
            return;
        }
        LogSlowCommits(logger, _slowSinceReport, _slowest.TotalMilliseconds, writes, took.TotalMilliseconds,
            options.IsCluster ? "check PostgreSQL's load and its disk" : $"check the load on the disk holding {options.DataDescription()}");
        (_lastSlowReport, _slowSinceReport, _slowest) = (Stopwatch.GetTimestamp(), 0, TimeSpan.Zero);
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A connection to the loyalty database was still inside a transaction nobody owned; it was rolled back before the next read or batch of writes (a fault of the driver or of RetentionActors: please report it with this log)")]
    private static partial void LogStrayTransaction(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow commits: {Count} batch(es) of writes took over 100 ms since the last report, the slowest {SlowestMilliseconds:0} ms, the last {Writes} writes in {Milliseconds:0} ms; every sale in such a batch waits as long; {Advice}")]
    private static partial void LogSlowCommits(ILogger logger, int count, double slowestMilliseconds, int writes, double milliseconds, string advice);

    [LoggerMessage(Level = LogLevel.Information, Message = "The loyalty database is reachable again after {Seconds:0.#} s; writes resume")]
    private static partial void LogBack(ILogger logger, double seconds);
}

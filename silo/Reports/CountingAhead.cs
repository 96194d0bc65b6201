using System.Diagnostics;
using Microsoft.Extensions.Options;
using RetentionActors.Contracts;
using RetentionActors.Storage.Analytics;

namespace RetentionActors.Silo.Reports;

/// <summary>
/// Counts the months that are over for monthly retention and cohorts, and the days that are over of the retention page's
/// default year, before anyone opens them (<see cref="SqlRetentionFigures.CountAheadAsync"/>): a few set-based passes
/// over the ledger when a month or day has ended, and reading back what is kept otherwise. Every silo runs it; on PostgreSQL one counts at a time and the others skip
/// that round. Reports are right without it: it only moves the cost of a first look out of a marketer's wait.
/// </summary>
public sealed partial class CountingAhead(
    SqlRetentionFigures figures, IOptions<CountAheadOptions> options, TimeProvider clock, ILogger<CountingAhead> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }
        try
        {
            await Task.Delay(settings.FirstAfter, clock, stoppingToken);
            using var timer = new PeriodicTimer(settings.Every, clock);
            do
            {
                await CountOnceAsync(settings.Months, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CountOnceAsync(int months, CancellationToken stoppingToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var clockStarted = Stopwatch.StartNew();
        try
        {
            // Null: another silo is counting this round.
            if (await figures.CountAheadAsync(today.AddMonths(-months), stoppingToken) is { } counted && counted.MonthStarts + counted.CohortMonths + counted.RetentionPeriods > 0)
            {
                LogCounted(logger, counted.MonthStarts, counted.CohortMonths, months, counted.RetentionPeriods, clockStarted.Elapsed.TotalSeconds);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping: a count cut short is counted again by a report or the next start, never wrong.
            return;
        }
        catch (StoreUnavailableException)
        {
            // The silo's own warning says the database is away; the next round counts what this one could not.
            LogStoreAway(logger);
        }
        catch (Exception exception)
        {
            // A report counts what is not kept by itself, so nothing is wrong meanwhile, only slower.
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics: counted {MonthStarts} month starts of monthly retention (all windows together) and {CohortMonths} months of cohorts that are over, within the last {Months} months, and {RetentionPeriods} of the retention page's default years, for the back office in {Seconds:F1} s")]
    private static partial void LogCounted(ILogger logger, int monthStarts, int cohortMonths, int months, int retentionPeriods, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics: counting the months that are over ahead of the back office waits for the database; reports count them themselves meanwhile")]
    private static partial void LogStoreAway(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics: counting the months that are over ahead of the back office failed; reports count them themselves, and it tries again at the next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

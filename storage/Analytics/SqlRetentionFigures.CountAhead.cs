using System.Data.Common;
using RetentionActors.Contracts;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Counting the months that are over before anyone asks. A report keeps the counts of the months that are over it had to
/// count (see <see cref="ClosedMonthTables"/>), so the first one to look at a span of months pays for counting them: at
/// 10 M members three years of monthly retention took 31 s and cohorts 22 s, where the calls after took 2.5-3.2 s. Counted
/// ahead, in the background, a month that ends costs the back office nothing when it is next opened. The same goes for the
/// retention page's default year, whose days that are over are kept per period (see <see cref="RetentionSql"/>): a new
/// period every day.
/// </summary>
public sealed partial class SqlRetentionFigures
{
    /// <summary>The window of days the back office's retention page opens with, always counted ahead.</summary>
    public const int DefaultWindowDays = 365;

    /// <summary>The other windows counted ahead: those reports kept counts for, at most this many.</summary>
    public const int OtherWindowsCountedAhead = 8;

    /// <summary>
    /// Counts and keeps the months that are over from <paramref name="from"/>'s month on: monthly retention for the default
    /// window and for the windows reports have kept counts for, and cohorts; and the retention page's default periods of
    /// today and tomorrow (<see cref="DefaultPeriod"/>, the database's days). Nothing that may still change is counted, and
    /// what is already kept is only read back. Returns what it counted, or null at once when another silo is counting ahead (PostgreSQL holds a lock for it while it does), so a
    /// cluster counts once.
    /// </summary>
    public async Task<CountedAhead?> CountAheadAsync(DateOnly from, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CountAheadOnceAsync(from, cancellationToken);
        }
        catch (Exception exception) when (database.IsConnectionFailure(exception))
        {
            // Said in one line by the caller; the driver's own error is in the database's log and the silo's warnings.
            throw new StoreUnavailableException();
        }
    }

    private async Task<CountedAhead?> CountAheadOnceAsync(DateOnly from, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        // PostgreSQL: a transaction's lock, which goes with the transaction whatever ends it (a silo that dies closes its
        // connection, and the server ends the transaction once it sees that) and leaves the pooled connection as it found
        // it. SQLite has one silo.
        await using var guard = database is PostgresDatabase ? await connection.BeginTransactionAsync(cancellationToken) : null;
        if (guard is not null)
        {
            // A server that ends sessions idle in a transaction would end this one, and its lock, in the middle of a count.
            await using (var keep = connection.Command(guard, "SET LOCAL idle_in_transaction_session_timeout = 0"))
            {
                await keep.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var take = connection.Command(guard, "SELECT pg_try_advisory_xact_lock(@key)").With("key", CountAheadLock);
            if (!(bool)(await take.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }
        var closedFrom = await ClosedFromAsync(connection, guard, cancellationToken);
        var windows = await ReadAllAsync(connection.Command(guard, MonthlyRetentionSql.KeptWindows)
            .With("default", DefaultWindowDays).With("most", OtherWindowsCountedAhead), row => (int)Number(row, 0), cancellationToken);
        var first = MonthNumber(new DateOnly(from.Year, from.Month, 1));
        if (first >= closedFrom)
        {
            return new CountedAhead(0, 0, await CountRetentionAheadAsync(connection, guard, cancellationToken));
        }
        // Month starts from the first to the last whose month is over (a report "to" the last one's start keeps it counted
        // too, and counts nothing that may still change); with the first one the last, there is nothing to count.
        var monthStarts = 0;
        foreach (var window in windows.Prepend(DefaultWindowDays))
        {
            monthStarts += (await MonthlyWithSourcesAsync(MonthStart(first), MonthStart(closedFrom - 1), window, cancellationToken)).Sources.Counted;
        }
        var (_, cohorts) = await CohortsWithSourcesAsync(MonthStart(first), MonthStart(closedFrom), cancellationToken);
        return new CountedAhead(monthStarts, cohorts.Counted, await CountRetentionAheadAsync(connection, guard, cancellationToken));
    }

    // The retention page's default period (a year of the default window) of the database's today and tomorrow, so the page
    // finds it kept after midnight too: how many were counted rather than read back. Periods kept for other reports and
    // counted more than 40 days ago are forgotten, so a period asked for once is not kept for ever.
    private async Task<int> CountRetentionAheadAsync(DbConnection connection, DbTransaction? guard, CancellationToken cancellationToken)
    {
        var closedDay = await ClosedDayAsync(connection, guard, cancellationToken);
        await KeepAsync(writer => writer.Defer(RetentionSql.Forget).With("closed_day", closedDay.DayNumber).Run());
        var today = closedDay.AddDays(2);
        var counted = 0;
        foreach (var day in new[] { today, today.AddDays(1) })
        {
            var (from, to) = DefaultPeriod(day);
            if (!(await RetentionWithSourceAsync(from, to, DefaultWindowDays, null, cancellationToken)).Kept)
            {
                counted++;
            }
        }
        return counted;
    }

    // "RETENT" + 1: the migration's lock is "RETENT".
    internal const long CountAheadLock = 0x5245_5445_4E54 + 1;
}

/// <summary>
/// What counting ahead counted (rather than read back): month starts of monthly retention, of every window; months bought
/// in of cohorts; the retention page's default periods.
/// </summary>
public sealed record CountedAhead(int MonthStarts, int CohortMonths, int RetentionPeriods);

using System.Data.Common;
using System.Globalization;
using RetentionActors.Contracts;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// What monthly retention and cohorts share about the months that are over (see <see cref="ClosedMonthTables"/>): which
/// months are over, which counts kept still hold, how the months not kept are counted in passes, and keeping counts.
/// </summary>
public sealed partial class SqlRetentionFigures
{
    /// <summary>
    /// The ledger rows of the months a pass over months not kept is planned for. A pass counts a run of months, reading
    /// their purchases (and monthly retention the window before the first). On 20 M ledger rows one range of a pass over
    /// three years took 18.5 s alone and three at once ran past a statement's 30 s, so nothing was kept; passes of about
    /// 8 M rows each stay inside it. A smaller ledger is counted in one pass: at 1 M members (2.1 M rows) monthly
    /// retention's passes of a year each took 4.9 s together, against 2.6-3.1 s for one pass.
    /// </summary>
    public const long RowsPerPass = 8_000_000;

    // The first month that is not over, and the late, changed and removed purchases per month, as the snapshot sees them.
    private sealed record ClosedMonths(int From, IReadOnlyList<(int Month, long Changes)> Changes)
    {
        // What counts of a month were kept with: the changes of the months up to it.
        public long PastChanges(int month) => Changes.Where(c => c.Month <= month).Sum(c => c.Changes);
    }

    private async Task<ClosedMonths> ClosedMonthsAsync(DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        var from = await ClosedFromAsync(connection, snapshot, cancellationToken);
        var changes = await ReadAllAsync(Command(connection, snapshot, ClosedMonthTables.PastChanges),
            row => ((int)Number(row, 0), (long)Number(row, 1)), cancellationToken);
        return new ClosedMonths(from, changes);
    }

    // The first month that is not over, by the database's clock.
    private async Task<int> ClosedFromAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, ClosedMonthTables.ClosedFrom(database));
        Rows.Add();
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    // The months not kept, in runs of consecutive months: as many runs as their share of the ledger asks for passes (its
    // rows spread evenly over its months up to the first one not over), and more where a kept month breaks a run.
    private async Task<IReadOnlyList<(int First, int Last)>> PassesAsync(DbConnection connection, DbTransaction snapshot, IReadOnlyList<int> months,
        int closedFrom, CancellationToken cancellationToken)
    {
        if (months.Count == 0)
        {
            return [];
        }
        var (rows, firstMonth) = await LedgerSizeAsync(connection, snapshot, cancellationToken);
        var rowsOfMonths = rows * months.Count / Math.Max(1, closedFrom - firstMonth);
        var passes = (int)Math.Clamp(rowsOfMonths / rowsPerPass + 1, 1, months.Count);
        var length = (months.Count + passes - 1) / passes;
        var runs = new List<(int First, int Last)>();
        foreach (var month in months)
        {
            if (runs.Count > 0 && runs[^1] is var (first, last) && month == last + 1 && month - first < length)
            {
                runs[^1] = (first, month);
            }
            else
            {
                runs.Add((month, month));
            }
        }
        return runs;
    }

    // The ledger's rows as PostgreSQL last estimated them (0 before its first ANALYZE) and the month of its first row.
    // SQLite's statements have no timeout to stay inside, so it counts in one pass.
    private async Task<(long Rows, int FirstMonth)> LedgerSizeAsync(DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        if (ClosedMonthTables.LedgerSize(database) is not { } sql)
        {
            return (0, 0);
        }
        await using var command = Command(connection, snapshot, sql);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        Rows.Add();
        var first = row.IsDBNull(1) ? DateOnly.FromDateTime(DateTime.UtcNow) : DateOnly.FromDateTime(database.ReadUtc(row, 1).UtcDateTime);
        return (Convert.ToInt64(row.GetValue(0), CultureInfo.InvariantCulture), MonthNumber(first));
    }

    // Keeps counts for the next report. Losing them costs that report a pass, never a wrong figure, so a write that fails
    // does not fail this report.
    private async Task KeepAsync(Action<GroupCommitWriter> keep)
    {
        try
        {
            await database.Writer.WriteAsync(keep);
        }
        catch (Exception exception) when (exception is DbException or StoreUnavailableException)
        {
            // Counted again by the next report.
        }
    }

    private static int MonthNumber(DateOnly month) => month.Year * 12 + month.Month - 1;

    private static DateOnly MonthStart(int monthNumber) => new(monthNumber / 12, monthNumber % 12 + 1, 1);
}

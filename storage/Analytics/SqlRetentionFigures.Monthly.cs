using System.Data.Common;
using System.Globalization;
using RetentionActors.Contracts;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Monthly retention. A month start's counts (see <see cref="MonthlyRetentionSql"/>) stop changing once the month after
/// it has begun, unless a purchase of an earlier month is booked late, changed or removed. So the counts of the months
/// that are over are kept in the database and read back while no such change has happened
/// (<see cref="MonthlyRetentionTables"/>); the months not kept yet are counted over their purchases, a year of
/// boundaries at a time, and kept; the current month's boundaries are counted straight from their windows of days.
/// </summary>
public sealed partial class SqlRetentionFigures
{
    /// <summary>
    /// The ledger rows a pass over boundaries not kept is planned for. A pass counts a run of boundaries, reading their
    /// purchases and the window before the first. On 20 M ledger rows one range of a pass over three years took 18.5 s
    /// alone and three at once ran past a statement's 30 s, so nothing was kept; passes of about 8 M rows each stay well
    /// inside it. A smaller ledger is counted in one pass: at 1 M members (2.1 M rows) passes of a year each took 4.9 s
    /// together, against 2.6-3.1 s for one pass.
    /// </summary>
    public const long RowsPerPass = 8_000_000;

    /// <summary>Where the last monthly report's boundaries came from: kept counts, passes over intervals, windows. For tests.</summary>
    public (int Kept, int Counted, int FromWindows) MonthlySources { get; private set; }

    /// <summary>The passes over purchases the last monthly report made for boundaries not kept. For tests.</summary>
    public int MonthlyPasses { get; private set; }

    private readonly record struct BoundaryCounts(long Active, long Kept, long Fresh);

    public async Task<IReadOnlyList<RetentionPoint>> MonthlyAsync(DateOnly from, DateOnly to, int windowDays, CancellationToken cancellationToken = default)
    {
        var firstMonth = new DateOnly(from.Year, from.Month, 1);
        var months = 0;
        while (firstMonth.AddMonths(months) < to)
        {
            months++;
        }
        var (first, last) = (MonthNumber(firstMonth), MonthNumber(firstMonth) + months);
        // Per boundary: the customers active there, of them those still active at the next boundary, and the customers
        // whose first purchase is in the month. The last boundary needs only the first.
        var counts = new Dictionary<int, BoundaryCounts>();
        var counted = new List<(int Boundary, BoundaryCounts Counts, long PastChanges)>();
        var fromWindows = 0;
        await using (var connection = database.OpenRead())
        await using (var snapshot = database.BeginSnapshot(connection))
        {
            var closedFrom = await ClosedFromAsync(connection, snapshot, cancellationToken);
            var pastChanges = await PastChangesAsync(connection, snapshot, cancellationToken);
            var closedLast = Math.Min(last, closedFrom - 1);
            foreach (var (boundary, kept, past) in await KeptAsync(connection, snapshot, windowDays, first, closedLast, cancellationToken))
            {
                if (past == pastChanges(boundary))
                {
                    counts[boundary] = kept;
                }
            }
            var keptCount = counts.Count;
            var missing = Enumerable.Range(first, Math.Max(0, closedLast - first + 1)).Where(k => !counts.ContainsKey(k)).ToList();
            var passes = missing.Count == 0 ? 1 : (int)Math.Clamp(await LedgerRowsAsync(connection, snapshot, cancellationToken) / rowsPerPass + 1, 1, missing.Count);
            MonthlyPasses = 0;
            foreach (var (a, b) in Runs(missing, (missing.Count + passes - 1) / passes))
            {
                MonthlyPasses++;
                foreach (var (boundary, run) in await CountIntervalsAsync(connection, snapshot, a, b, windowDays, cancellationToken))
                {
                    counts[boundary] = run;
                    counted.Add((boundary, run, pastChanges(boundary)));
                }
            }
            var open = Math.Max(first, closedLast + 1);
            if (open <= last)
            {
                var fresh = await FreshAsync(connection, snapshot, open, last - 1, cancellationToken);
                // Each boundary with the next (its own window and the next one's purchases in one pass); the last alone.
                for (var k = open; k <= last; k++)
                {
                    var (active, _, both) = await WindowsAsync(connection, snapshot, k, k < last ? k + 1 : k, windowDays, cancellationToken);
                    counts[k] = new BoundaryCounts(active, both, fresh.GetValueOrDefault(k));
                    fromWindows++;
                }
            }
            MonthlySources = (keptCount, counted.Count, fromWindows);
        }
        await KeepAsync(windowDays, counted);

        var points = new List<RetentionPoint>(months);
        for (var i = 0; i < months; i++)
        {
            var (here, next) = (counts[first + i], counts[first + i + 1]);
            var (s, e, n, lost) = ((int)here.Active, (int)next.Active, (int)here.Fresh, (int)(here.Active - here.Kept));
            points.Add(new RetentionPoint(firstMonth.AddMonths(i), Round(Rate(e - n, s)), Round(Rate(lost, s)), s, e));
        }
        return points;
    }

    // The boundaries [a, b] from one pass over their purchases: the intervals' changes add up over the customer ranges and
    // run from a (see MonthlyRetentionSql.Intervals); the pairs at b need the purchases up to the boundary after b.
    private async Task<Dictionary<int, BoundaryCounts>> CountIntervalsAsync(DbConnection connection, DbTransaction snapshot, int a, int b,
        int windowDays, CancellationToken cancellationToken)
    {
        var since = Utc(MonthStart(a)).AddDays(-windowDays);
        var ranges = await ByCustomerRangeAsync(connection, snapshot, async (on, shared, range, token) =>
        {
            await using var command = range.BindTo(Command(on, shared, MonthlyRetentionSql.Intervals(database, range),
                ("since", since), ("end", Utc(MonthStart(b + 1))))
                .With("days", windowDays).With("first", a).With("last", b));
            await using var row = await command.ExecuteReaderAsync(token);
            var changes = new List<(int Boundary, long Active, long Kept)>();
            while (await row.ReadAsync(token))
            {
                Rows.Add();
                changes.Add(((int)Number(row, 0), (long)Number(row, 1), (long)Number(row, 2)));
            }
            return changes;
        }, cancellationToken);
        var active = new long[b - a + 1];
        var kept = new long[b - a + 1];
        foreach (var (boundary, activeChange, keptChange) in ranges.SelectMany(range => range))
        {
            active[boundary - a] += activeChange;
            kept[boundary - a] += keptChange;
        }
        var fresh = await FreshAsync(connection, snapshot, a, b, cancellationToken);
        var counts = new Dictionary<int, BoundaryCounts>();
        for (long i = 0, runningActive = 0, runningKept = 0; i <= b - a; i++)
        {
            (runningActive, runningKept) = (runningActive + active[i], runningKept + kept[i]);
            counts[a + (int)i] = new BoundaryCounts(runningActive, runningKept, fresh.GetValueOrDefault(a + (int)i));
        }
        return counts;
    }

    // Customers active at boundary k (bought in the window of days before it), at boundary next, and at both.
    private async Task<(long Active, long Next, long Both)> WindowsAsync(DbConnection connection, DbTransaction snapshot, int k, int next,
        int windowDays, CancellationToken cancellationToken)
    {
        var (end, until) = (Utc(MonthStart(k)), Utc(MonthStart(next)));
        await using var command = Command(connection, snapshot, MonthlyRetentionSql.Window,
            ("since", end.AddDays(-windowDays)), ("end", end), ("next_start", next == k ? until : until.AddDays(-windowDays)), ("until", until));
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        Rows.Add();
        return ((long)Number(row, 0), (long)Number(row, 1), (long)Number(row, 2));
    }

    // Customers whose first purchase is in each month from a to b.
    private async Task<Dictionary<int, long>> FreshAsync(DbConnection connection, DbTransaction snapshot, int a, int b, CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<int, long>();
        if (a > b)
        {
            return fresh;
        }
        await using var command = Command(connection, snapshot, MonthlyRetentionSql.Fresh(database), ("from", Utc(MonthStart(a))), ("until", Utc(MonthStart(b + 1))));
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            Rows.Add();
            fresh[(int)Number(row, 0)] = (long)Number(row, 1);
        }
        return fresh;
    }

    // The sum of the late, changed and removed purchases of the months up to a boundary's, as the snapshot sees them.
    private async Task<Func<int, long>> PastChangesAsync(DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        var changes = new List<(int Month, long Changes)>();
        await using var command = Command(connection, snapshot, MonthlyRetentionSql.PastChanges);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            Rows.Add();
            changes.Add(((int)Number(row, 0), (long)Number(row, 1)));
        }
        return boundary => changes.Where(c => c.Month <= boundary).Sum(c => c.Changes);
    }

    private async Task<List<(int Boundary, BoundaryCounts Counts, long PastChanges)>> KeptAsync(DbConnection connection, DbTransaction snapshot,
        int windowDays, int first, int last, CancellationToken cancellationToken)
    {
        var kept = new List<(int, BoundaryCounts, long)>();
        await using var command = Command(connection, snapshot, MonthlyRetentionSql.Kept).With("days", windowDays).With("first", first).With("last", last);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            Rows.Add();
            kept.Add(((int)Number(row, 0), new BoundaryCounts((long)Number(row, 1), (long)Number(row, 2), (long)Number(row, 3)), (long)Number(row, 4)));
        }
        return kept;
    }

    // The counts of months that are over, for the next report. Losing them costs that report a pass, never a wrong figure,
    // so a write that fails does not fail this report.
    private async Task KeepAsync(int windowDays, List<(int Boundary, BoundaryCounts Counts, long PastChanges)> counted)
    {
        if (counted.Count == 0)
        {
            return;
        }
        try
        {
            await database.Writer.WriteAsync(writer =>
            {
                foreach (var (boundary, counts, pastChanges) in counted)
                {
                    writer.Command(MonthlyRetentionSql.Keep).With("days", windowDays).With("boundary", boundary)
                        .With("active", counts.Active).With("kept", counts.Kept).With("fresh", counts.Fresh).With("past_changes", pastChanges)
                        .ExecuteNonQuery();
                }
            });
        }
        catch (Exception exception) when (exception is DbException or StoreUnavailableException)
        {
            // Counted again by the next report.
        }
    }

    // Consecutive boundaries, at most <paramref name="length"/> together.
    private static IEnumerable<(int First, int Last)> Runs(IEnumerable<int> boundaries, int length)
    {
        int? start = null, end = null;
        foreach (var k in boundaries)
        {
            if (start is { } s && (k != end + 1 || k - s >= length))
            {
                yield return (s, end!.Value);
                start = null;
            }
            start ??= k;
            end = k;
        }
        if (start is { } first)
        {
            yield return (first, end!.Value);
        }
    }

    // The ledger's rows as PostgreSQL last estimated them (0 before its first ANALYZE); SQLite's statements have no timeout
    // to stay inside, so it counts in one pass.
    private async Task<long> LedgerRowsAsync(DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        if (MonthlyRetentionSql.LedgerRows(database) is not { } sql)
        {
            return 0;
        }
        await using var command = Command(connection, snapshot, sql);
        Rows.Add();
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<int> ClosedFromAsync(DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, snapshot, MonthlyRetentionSql.ClosedFrom(database));
        Rows.Add();
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static int MonthNumber(DateOnly month) => month.Year * 12 + month.Month - 1;

    private static DateOnly MonthStart(int monthNumber) => new(monthNumber / 12, monthNumber % 12 + 1, 1);
}

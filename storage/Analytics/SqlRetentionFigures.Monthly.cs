using System.Data.Common;
using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Monthly retention. A month start's counts (see <see cref="MonthlyRetentionSql"/>) stop changing once the month after
/// it has begun, unless a purchase of an earlier month is booked late, changed or removed. So the counts of the months
/// that are over are kept in the database and read back while no such change has happened
/// (<see cref="ClosedMonthTables"/>); the months not kept yet are counted and kept, a long run in passes over their
/// intervals that each stay inside a statement's time, a short one from their windows; the boundaries that may still
/// change are counted from their windows each time.
/// </summary>
public sealed partial class SqlRetentionFigures
{
    /// <summary>Where the last monthly report's boundaries came from: counts kept, counted and kept, counted as not over. For tests.</summary>
    public (int Kept, int Counted, int Open) MonthlySources { get; private set; }

    /// <summary>The passes over purchases the last monthly report made for boundaries not kept. For tests.</summary>
    public int MonthlyPasses { get; private set; }

    // Customers active at a boundary, of them those still active at the next one, and those whose first purchase is in the
    // month starting there.
    private readonly record struct BoundaryCounts(long Active, long StillActive, long Fresh);

    public async Task<IReadOnlyList<RetentionPoint>> MonthlyAsync(DateOnly from, DateOnly to, int windowDays, CancellationToken cancellationToken = default)
    {
        var (points, sources) = await MonthlyWithSourcesAsync(from, to, windowDays, cancellationToken);
        MonthlySources = sources;
        return points;
    }

    private async Task<(IReadOnlyList<RetentionPoint> Points, (int Kept, int Counted, int Open) Sources)> MonthlyWithSourcesAsync(DateOnly from, DateOnly to,
        int windowDays, CancellationToken cancellationToken)
    {
        var firstMonth = new DateOnly(from.Year, from.Month, 1);
        var months = 0;
        while (firstMonth.AddMonths(months) < to)
        {
            months++;
        }
        if (months == 0)
        {
            return ([], (0, 0, 0));
        }
        var (first, last) = (MonthNumber(firstMonth), MonthNumber(firstMonth) + months);
        // Per boundary: the customers active there, of them those still active at the next boundary, and the customers
        // whose first purchase is in the month. The last boundary needs only the first.
        var counts = new Dictionary<int, BoundaryCounts>();
        var counted = new List<(int Boundary, BoundaryCounts Counts, long PastChanges)>();
        (int Kept, int Counted, int Open) sources;
        await using (var connection = database.OpenRead())
        await using (var snapshot = database.BeginSnapshot(connection))
        {
            var closed = await ClosedMonthsAsync(connection, snapshot, cancellationToken);
            var closedLast = Math.Min(last, closed.From - 1);
            foreach (var (boundary, stored, past) in await KeptAsync(connection, snapshot, windowDays, first, closedLast, cancellationToken))
            {
                if (past == closed.PastChanges(boundary))
                {
                    counts[boundary] = stored;
                }
            }
            var keptCount = counts.Count;
            var passes = await PassesAsync(connection, snapshot, [.. Enumerable.Range(first, Math.Max(0, closedLast - first + 1)).Where(k => !counts.ContainsKey(k))], closed.From, cancellationToken);
            MonthlyPasses = passes.Count;
            foreach (var (a, b) in passes)
            {
                var run = WindowsCheaper(b - a + 1, windowDays)
                    ? (await CountWindowsAsync(connection, snapshot, a, b, windowDays, cancellationToken)).Counts
                    : await CountIntervalsAsync(connection, snapshot, a, b, windowDays, cancellationToken);
                foreach (var (boundary, boundaryCounts) in run)
                {
                    counts[boundary] = boundaryCounts;
                    counted.Add((boundary, boundaryCounts, closed.PastChanges(boundary)));
                }
            }
            var open = Math.Max(first, closedLast + 1);
            foreach (var (boundary, boundaryCounts) in await CountOpenAsync(connection, snapshot, open, last, windowDays, cancellationToken))
            {
                counts[boundary] = boundaryCounts;
            }
            sources = (keptCount, counted.Count, Math.Max(0, last - open + 1));
        }
        await KeepBoundariesAsync(windowDays, counted);

        var points = new List<RetentionPoint>(months);
        for (var i = 0; i < months; i++)
        {
            var (here, next) = (counts[first + i], counts[first + i + 1]);
            var (s, e, n, lost) = ((int)here.Active, (int)next.Active, (int)here.Fresh, (int)(here.Active - here.StillActive));
            points.Add(new RetentionPoint(firstMonth.AddMonths(i), Round(Rate(e - n, s)), Round(Rate(lost, s)), s, e));
        }
        return (points, sources);
    }

    // The boundaries [a, b] from one pass over their purchases: the intervals' changes add up over the customer ranges and
    // run from a (see MonthlyRetentionSql.Intervals); the pairs at b need the purchases up to the boundary after b.
    private async Task<Dictionary<int, BoundaryCounts>> CountIntervalsAsync(DbConnection connection, DbTransaction snapshot, int a, int b,
        int windowDays, CancellationToken cancellationToken)
    {
        var since = Utc(MonthStart(a)).AddDays(-windowDays);
        var ranges = await ByCustomerRangeAsync(connection, snapshot, (on, shared, range, token) =>
            ReadAllAsync(range.BindTo(Command(on, shared, MonthlyRetentionSql.Intervals(database, range), ("since", since), ("end", Utc(MonthStart(b + 1))))
                .With("days", windowDays).With("first", a).With("last", b)),
                row => (Boundary: (int)Number(row, 0), Active: (long)Number(row, 1), StillActive: (long)Number(row, 2)), token), cancellationToken);
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

    // The boundaries from open to last, which may still change: counted each time from their windows, and not kept. At
    // 10 M members (a year's window) a pass over their intervals took 10.3-10.7 s, the windows read in customer ranges
    // 2.4-3.2 s. The last boundary needs only its customers active.
    private async Task<Dictionary<int, BoundaryCounts>> CountOpenAsync(DbConnection connection, DbTransaction snapshot, int open, int last,
        int windowDays, CancellationToken cancellationToken)
    {
        if (open > last)
        {
            return [];
        }
        if (open == last)
        {
            return new() { [last] = new BoundaryCounts((await WindowsAsync(connection, snapshot, last, last, windowDays, cancellationToken)).Active, 0, 0) };
        }
        var (counts, activeAtLast) = await CountWindowsAsync(connection, snapshot, open, last - 1, windowDays, cancellationToken);
        counts[last] = new BoundaryCounts(activeAtLast, 0, 0);
        return counts;
    }

    // Whether a run of boundaries costs less counted pair by pair from their windows than in one pass over their intervals.
    // A pass reads the run's months and the window before them once; the windows read each boundary's window and month.
    // Per purchase read, the intervals cost about four times what the windows do (at 10 M members, a year's window:
    // 10.3-10.7 s over 14 months against 2.4-3.2 s over 13). So a month that has just ended is counted from its windows,
    // and three years from nothing over their intervals.
    private static bool WindowsCheaper(int boundaries, int windowDays) =>
        boundaries * (windowDays + 31L) <= 4 * (windowDays + 31L * boundaries);

    // Boundaries [a, b] counted from their windows, each with the next; the customers active at b + 1 come along.
    private async Task<(Dictionary<int, BoundaryCounts> Counts, long ActiveAfter)> CountWindowsAsync(DbConnection connection, DbTransaction snapshot,
        int a, int b, int windowDays, CancellationToken cancellationToken)
    {
        var fresh = await FreshAsync(connection, snapshot, a, b, cancellationToken);
        var counts = new Dictionary<int, BoundaryCounts>();
        long after = 0;
        for (var k = a; k <= b; k++)
        {
            var (active, next, both) = await WindowsAsync(connection, snapshot, k, k + 1, windowDays, cancellationToken);
            counts[k] = new BoundaryCounts(active, both, fresh.GetValueOrDefault(k));
            after = next;
        }
        return (counts, after);
    }

    // Customers active at boundary k (bought in the window of days before it), at boundary next (none when next is k),
    // and at both, added up over the customer ranges.
    private async Task<(long Active, long Next, long Both)> WindowsAsync(DbConnection connection, DbTransaction snapshot, int k, int next,
        int windowDays, CancellationToken cancellationToken)
    {
        var (end, until) = (Utc(MonthStart(k)), Utc(MonthStart(next)));
        var ranges = await ByCustomerRangeAsync(connection, snapshot, async (on, shared, range, token) =>
        {
            await using var command = range.BindTo(Command(on, shared, MonthlyRetentionSql.Windows(range),
                ("since", end.AddDays(-windowDays)), ("end", end), ("next_start", next == k ? until : until.AddDays(-windowDays)), ("until", until)));
            await using var row = await command.ExecuteReaderAsync(token);
            await row.ReadAsync(token);
            Rows.Add();
            return ((long)Number(row, 0), (long)Number(row, 1), (long)Number(row, 2));
        }, cancellationToken);
        return (ranges.Sum(r => r.Item1), ranges.Sum(r => r.Item2), ranges.Sum(r => r.Item3));
    }

    // Customers whose first purchase is in each month from a to b.
    private async Task<Dictionary<int, long>> FreshAsync(DbConnection connection, DbTransaction snapshot, int a, int b, CancellationToken cancellationToken)
    {
        if (a > b)
        {
            return [];
        }
        var months = await ReadAllAsync(Command(connection, snapshot, MonthlyRetentionSql.Fresh(database), ("from", Utc(MonthStart(a))), ("until", Utc(MonthStart(b + 1)))),
            row => (Month: (int)Number(row, 0), Customers: (long)Number(row, 1)), cancellationToken);
        return months.ToDictionary(m => m.Month, m => m.Customers);
    }

    private Task<List<(int Boundary, BoundaryCounts Counts, long PastChanges)>> KeptAsync(DbConnection connection, DbTransaction snapshot,
        int windowDays, int first, int last, CancellationToken cancellationToken) =>
        ReadAllAsync(Command(connection, snapshot, MonthlyRetentionSql.Kept).With("days", windowDays).With("first", first).With("last", last),
            row => ((int)Number(row, 0), new BoundaryCounts((long)Number(row, 1), (long)Number(row, 2), (long)Number(row, 3)), (long)Number(row, 4)), cancellationToken);

    // The counts of months that are over, for the next report.
    private Task KeepBoundariesAsync(int windowDays, List<(int Boundary, BoundaryCounts Counts, long PastChanges)> counted) => counted.Count == 0
        ? Task.CompletedTask
        : KeepAsync(writer =>
        {
            foreach (var (boundary, counts, pastChanges) in counted)
            {
                writer.Defer(MonthlyRetentionSql.Keep).With("days", windowDays).With("boundary", boundary)
                    .With("active", counts.Active).With("kept", counts.StillActive).With("fresh", counts.Fresh).With("past_changes", pastChanges)
                    .Run();
            }
        });
}

using System.Data.Common;
using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Cohorts. A month bought in that is over keeps its cells (see <see cref="CohortSql"/>) until a purchase of it or of an
/// earlier month is booked late, changed or removed (<see cref="ClosedMonthTables"/>): they are kept in the database and
/// read back; the months not kept are counted over their purchases and kept; the current month, and a month the period's
/// end cuts, are counted up to that end and not kept. A period starting inside a month has a first cohort of part of that
/// month, counted from its customers' purchases.
/// </summary>
public sealed partial class SqlRetentionFigures
{
    /// <summary>Where the last cohorts' months bought in came from: kept cells, passes over purchases, the months not over. For tests.</summary>
    public (int Kept, int Counted, int Open) CohortSources { get; private set; }

    public async Task<IReadOnlyList<CohortRow>> CohortsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var (rows, sources) = await CohortsWithSourcesAsync(from, to, cancellationToken);
        CohortSources = sources;
        return rows;
    }

    private async Task<(IReadOnlyList<CohortRow> Rows, (int Kept, int Counted, int Open) Sources)> CohortsWithSourcesAsync(DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var (firstCohort, lastMonth) = (MonthNumber(from), MonthNumber(to.AddDays(-1)));
        if (to <= from)
        {
            return ([], (0, 0, 0));
        }
        var cells = new Dictionary<(int Cohort, int Bought), long>();
        var counted = new List<(int Bought, List<(int Cohort, long Buyers)> Cells, long PastChanges)>();
        (int Kept, int Counted, int Open) sources;
        await using (var connection = database.OpenRead())
        await using (var snapshot = database.BeginSnapshot(connection))
        {
            var closed = await ClosedMonthsAsync(connection, snapshot, cancellationToken);
            // Months bought in that are over and that the period holds whole.
            var closedLast = Math.Min(lastMonth, closed.From - 1);
            closedLast -= closedLast == lastMonth && to.Day != 1 ? 1 : 0;
            var keptMonths = 0;
            foreach (var month in (await KeptCellsAsync(connection, snapshot, firstCohort, closedLast, cancellationToken)).GroupBy(c => c.Bought))
            {
                if (month.Any(c => c.Cohort == month.Key) && month.All(c => c.PastChanges == closed.PastChanges(month.Key)))
                {
                    keptMonths++;
                    foreach (var (bought, cohort, buyers, _) in month)
                    {
                        cells[(cohort, bought)] = buyers;
                    }
                }
            }
            var kept = cells.Keys.Select(c => c.Bought).ToHashSet();
            var missing = Enumerable.Range(firstCohort, Math.Max(0, closedLast - firstCohort + 1)).Where(m => !kept.Contains(m)).ToList();
            foreach (var (a, b) in await PassesAsync(connection, snapshot, missing, closed.From, cancellationToken))
            {
                var pass = await CountCellsAsync(connection, snapshot, Utc(MonthStart(a)), Utc(MonthStart(b + 1)), cancellationToken);
                for (var month = a; month <= b; month++)
                {
                    var ofMonth = pass.Where(c => c.Key.Bought == month).Select(c => (c.Key.Cohort, c.Value)).ToList();
                    counted.Add((month, ofMonth, closed.PastChanges(month)));
                }
                foreach (var (cell, buyers) in pass.Where(c => c.Key.Cohort >= firstCohort))
                {
                    cells[cell] = buyers;
                }
            }
            var open = Math.Max(firstCohort, closedLast + 1);
            if (open <= lastMonth)
            {
                foreach (var (cell, buyers) in await CountCellsAsync(connection, snapshot, Utc(MonthStart(open)), Utc(to), cancellationToken))
                {
                    if (cell.Cohort >= firstCohort)
                    {
                        cells[cell] = buyers;
                    }
                }
            }
            if (from.Day != 1)
            {
                await CountFirstCohortAsync(connection, snapshot, from, to, cells, cancellationToken);
            }
            sources = (keptMonths, counted.Count, Math.Max(0, lastMonth - open + 1));
        }
        await KeepCellsAsync(counted);
        return (CohortRows(cells, lastMonth), sources);
    }

    // The report: a row per cohort with customers (those who bought in the cohort's own month), its buyers month by month.
    private static List<CohortRow> CohortRows(Dictionary<(int Cohort, int Bought), long> cells, int lastMonth)
    {
        var rows = new List<CohortRow>();
        foreach (var cohort in cells.Keys.Select(c => c.Cohort).Distinct().Order())
        {
            var size = (int)cells.GetValueOrDefault((cohort, cohort));
            if (size == 0)
            {
                continue;
            }
            var buyers = Enumerable.Range(cohort, lastMonth - cohort + 1).Select(month => (int)cells.GetValueOrDefault((cohort, month))).ToList();
            rows.Add(new CohortRow(MonthStart(cohort).ToString("yyyy-MM", CultureInfo.InvariantCulture), size, buyers,
                [.. buyers.Select(b => Math.Round(b * 100.0 / size, 2))]));
        }
        return rows;
    }

    // The cells of the purchases in [since, until), every cohort, added up over the customer ranges.
    private async Task<Dictionary<(int Cohort, int Bought), long>> CountCellsAsync(DbConnection connection, DbTransaction snapshot,
        DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var ranges = await ByCustomerRangeAsync(connection, snapshot, (on, shared, range, token) =>
            ReadAllAsync(range.BindTo(Command(on, shared, CohortSql.Cells(database, range), ("since", since), ("until", until))),
                row => (Cohort: (int)Number(row, 0), Bought: (int)Number(row, 1), Buyers: (long)Number(row, 2)), token), cancellationToken);
        var sums = new Dictionary<(int Cohort, int Bought), long>();
        foreach (var (cohort, bought, buyers) in ranges.SelectMany(range => range))
        {
            sums[(cohort, bought)] = sums.GetValueOrDefault((cohort, bought)) + buyers;
        }
        return sums;
    }

    // A period starting inside a month: its first cohort is the customers whose first purchase is from that day to the
    // month's end, in place of the whole month's.
    private async Task CountFirstCohortAsync(DbConnection connection, DbTransaction snapshot, DateOnly from, DateOnly to,
        Dictionary<(int Cohort, int Bought), long> cells, CancellationToken cancellationToken)
    {
        var cohort = MonthNumber(from);
        foreach (var key in cells.Keys.Where(c => c.Cohort == cohort).ToList())
        {
            cells.Remove(key);
        }
        var months = await ReadAllAsync(Command(connection, snapshot, CohortSql.CohortPart(database),
            ("from", Utc(from)), ("cohort_end", Utc(Min(MonthStart(cohort + 1), to))), ("until", Utc(to))),
            row => (Bought: (int)Number(row, 0), Buyers: (long)Number(row, 1)), cancellationToken);
        foreach (var (bought, buyers) in months)
        {
            cells[(cohort, bought)] = buyers;
        }
    }

    private Task<List<(int Bought, int Cohort, long Buyers, long PastChanges)>> KeptCellsAsync(DbConnection connection, DbTransaction snapshot,
        int first, int last, CancellationToken cancellationToken) =>
        ReadAllAsync(Command(connection, snapshot, CohortSql.Kept).With("first", first).With("last", last),
            row => ((int)Number(row, 0), (int)Number(row, 1), (long)Number(row, 2), (long)Number(row, 3)), cancellationToken);

    // Each month counted, with a cell for its own cohort even when none (so the month is known to be counted).
    private Task KeepCellsAsync(List<(int Bought, List<(int Cohort, long Buyers)> Cells, long PastChanges)> counted) => counted.Count == 0
        ? Task.CompletedTask
        : KeepAsync(writer =>
        {
            foreach (var (bought, monthCells, pastChanges) in counted)
            {
                writer.Defer(CohortSql.Forget).With("bought", bought).With("past_changes", pastChanges).Run();
                var own = monthCells.Any(c => c.Cohort == bought) ? [] : new[] { (Cohort: bought, Buyers: 0L) };
                foreach (var (cohort, buyers) in monthCells.Concat(own))
                {
                    writer.Defer(CohortSql.Keep).With("bought", bought).With("cohort", cohort).With("buyers", buyers).With("past_changes", pastChanges).Run();
                }
            }
        });

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}

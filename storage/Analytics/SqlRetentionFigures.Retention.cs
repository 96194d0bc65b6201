using System.Data.Common;
using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Retention figures of a period. What the purchases before the period's closed day say is kept (see
/// <see cref="RetentionSql"/>) and read back while no purchase it depends on has been booked late, changed or removed; what
/// the customers who bought since change is counted each time, from their own purchases. Counted whole, a year's figures
/// grouped every purchase of two years by customer: 9.2-9.8 s at 10 M members.
/// </summary>
public sealed partial class SqlRetentionFigures
{
    /// <summary>Whether the last retention report read the figures before its closed day from what was kept (else it counted and kept them). For tests.</summary>
    public bool RetentionKept { get; private set; }

    /// <summary>
    /// The period the back office's retention page opens with on <paramref name="today"/> (UTC): the year before it, from
    /// the same date a year earlier (a 29 February's year begins on 1 March, as the page's JavaScript dates count), to today
    /// exclusive. Counted ahead, so the page's first look reads it kept.
    /// </summary>
    public static (DateOnly From, DateOnly To) DefaultPeriod(DateOnly today) =>
        (new DateOnly(today.Year - 1, today.Month, 1).AddDays(today.Day - 1), today);

    // What a set of customers' purchases say (see RetentionSql.Figures); the figures of disjoint sets add up.
    private readonly record struct CustomerFigures(long WasActive, long IsActive, long Lost, long Repeaters, long Purchases, long Buyers)
    {
        public static CustomerFigures operator +(CustomerFigures a, CustomerFigures b) => new(a.WasActive + b.WasActive, a.IsActive + b.IsActive,
            a.Lost + b.Lost, a.Repeaters + b.Repeaters, a.Purchases + b.Purchases, a.Buyers + b.Buyers);

        public static CustomerFigures operator -(CustomerFigures a, CustomerFigures b) => a + new CustomerFigures(-b.WasActive, -b.IsActive,
            -b.Lost, -b.Repeaters, -b.Purchases, -b.Buyers);
    }

    // What purchases add up to: the customers' figures, the purchases' amounts, the customers whose first purchase it is.
    private readonly record struct Takings(CustomerFigures Customers, decimal PurchaseAmount, long Fresh)
    {
        public static Takings operator +(Takings a, Takings b) =>
            new(a.Customers + b.Customers, a.PurchaseAmount + b.PurchaseAmount, a.Fresh + b.Fresh);
    }

    // A period's figures from the purchases before its closed day, and the late changes they were counted with.
    private sealed record ClosedFigures(DateOnly ClosedDay, Takings Figures, long PastChanges);

    // The times a period's figures compare purchases with: the window before the period, the window before its end, the
    // period [Start, End); and the purchases any of them reads, [From, Until).
    private sealed record PeriodWindows(DateTimeOffset Before, DateTimeOffset Start, DateTimeOffset After, DateTimeOffset End)
    {
        public DateTimeOffset From => Min(Before, After, Start);

        public DateTimeOffset Until => End > Start ? End : Start;
    }

    public async Task<RetentionReport> RetentionAsync(DateOnly from, DateOnly to, int windowDays, decimal? marketingSpend, CancellationToken cancellationToken = default)
    {
        var (report, kept) = await RetentionWithSourceAsync(from, to, windowDays, marketingSpend, cancellationToken);
        RetentionKept = kept;
        return report;
    }

    private async Task<(RetentionReport Report, bool Kept)> RetentionWithSourceAsync(DateOnly from, DateOnly to, int windowDays, decimal? marketingSpend,
        CancellationToken cancellationToken)
    {
        var (start, end) = (Utc(from), Utc(to));
        var period = new PeriodWindows(start.AddDays(-windowDays), start, end.AddDays(-windowDays), end);
        ClosedFigures closed;
        bool kept, moved = false;
        Takings figures;
        decimal refundAmount;
        await using (var connection = database.OpenRead())
        await using (var snapshot = database.BeginSnapshot(connection))
        {
            // No later than the period's end: nothing after it counts, so a period that is over stays kept whatever is
            // booked late after it.
            var closedDay = Min((await ClosedDayAsync(connection, snapshot, cancellationToken)).AddDays(-ClosedDaysEarlier), to);
            var stored = await KeptFiguresAsync(connection, snapshot, from, to, windowDays, cancellationToken);
            // A row kept long ago would have weeks of buyers to move on by, costlier than counting again.
            kept = stored is not null && stored.ClosedDay <= closedDay && stored.ClosedDay >= closedDay.AddDays(-MostDaysMovedOn)
                && stored.PastChanges == await PastChangesAsync(connection, snapshot, stored.ClosedDay, cancellationToken);
            if (!kept)
            {
                closed = await CountClosedAsync(connection, snapshot, period, closedDay, cancellationToken);
            }
            else if (stored!.ClosedDay < closedDay)
            {
                // Kept on an earlier day: moved on to this closed day, so the purchases counted each time stay those of two days.
                var added = await AddedAsync(connection, snapshot, period, Utc(stored.ClosedDay), Utc(closedDay), cancellationToken);
                closed = new ClosedFigures(closedDay, stored.Figures + added, await PastChangesAsync(connection, snapshot, closedDay, cancellationToken));
                moved = true;
            }
            else
            {
                closed = stored;
            }
            figures = closed.Figures + await AddedAsync(connection, snapshot, period, Utc(closed.ClosedDay), period.Until, cancellationToken);
            // Refund entries may carry the amount signed either way; a refund always lowers the takings. Refunds are few and
            // have an index of their own, so they are summed each time rather than kept.
            refundAmount = Math.Abs(await SumAsync(connection, snapshot, RetentionSql.RefundAmount, cancellationToken, ("a", start), ("b", end)));
        }
        if (!kept || moved)
        {
            await KeepFiguresAsync(from, to, windowDays, closed);
        }
        return (Report(from, to, windowDays, marketingSpend, figures, refundAmount), kept);
    }

    /// <summary>The most days a kept period is moved on by; kept longer ago, it is counted again.</summary>
    internal const int MostDaysMovedOn = 7;

    /// <summary>
    /// Days before the database's closed day that this instance takes for its closed day: any earlier day is as right, the
    /// purchases after it being counted each time. For tests, which cannot move the database's clock.
    /// </summary>
    internal int ClosedDaysEarlier { get; init; }

    // The sum of the late changes a count of the purchases before closedDay depends on: those of its last month and before.
    private async Task<long> PastChangesAsync(DbConnection connection, DbTransaction snapshot, DateOnly closedDay, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, snapshot, ClosedMonthTables.PastChangesUpTo).With("month", MonthNumber(closedDay.AddDays(-1)));
        Rows.Add();
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    // The period's figures from the purchases before closedDay, counted: a large ledger grouped in customer ranges at once
    // (see CustomerRange), the ranges' figures added up.
    private async Task<ClosedFigures> CountClosedAsync(DbConnection connection, DbTransaction snapshot, PeriodWindows period, DateOnly closedDay,
        CancellationToken cancellationToken)
    {
        var pastChanges = await PastChangesAsync(connection, snapshot, closedDay, cancellationToken);
        var closedAt = Utc(closedDay);
        var until = Min(period.Until, closedAt);
        CustomerFigures customers = default;
        if (period.From < until)
        {
            var ranges = await ByCustomerRangeAsync(connection, snapshot, (on, shared, range, token) =>
                ReadFiguresAsync(range.BindTo(FiguresCommand(on, shared, RetentionSql.Figures(range.Condition("customer_id")), period, ("until", until))), token),
                cancellationToken);
            customers = ranges.Aggregate(default(CustomerFigures), (sum, part) => sum + part);
        }
        var (amount, fresh) = await PeriodPurchasesAsync(connection, snapshot, period.Start, Min(period.End, closedAt), cancellationToken);
        return new ClosedFigures(closedDay, new Takings(customers, amount, fresh), pastChanges);
    }

    // What the purchases in [sinceAt, uptoAt) add to figures counted from the purchases before sinceAt: the figures of the
    // customers who made them, from all their purchases up to uptoAt, less their figures from those before sinceAt (every
    // other customer's are the same either way), their amounts in the period, and the first purchases among them.
    private async Task<Takings> AddedAsync(DbConnection connection, DbTransaction snapshot, PeriodWindows period, DateTimeOffset sinceAt, DateTimeOffset uptoAt,
        CancellationToken cancellationToken)
    {
        var upto = Min(uptoAt, period.Until);
        if (sinceAt >= upto)
        {
            return default;
        }
        var (amountFrom, amountTo) = (sinceAt > period.Start ? sinceAt : period.Start, Min(period.End, upto));
        CustomerFigures customers;
        decimal amount;
        await using (var command = FiguresCommand(connection, snapshot, RetentionSql.Moved(database), period,
            ("since", sinceAt > period.From ? sinceAt : period.From), ("upto", upto), ("below", sinceAt),
            ("amount_from", amountFrom), ("amount_to", amountTo > amountFrom ? amountTo : amountFrom)))
        await using (var row = await command.ExecuteReaderAsync(cancellationToken))
        {
            await row.ReadAsync(cancellationToken);
            Rows.Add();
            customers = FiguresAt(row, 0) - FiguresAt(row, 6);
            amount = Number(row, 12);
        }
        var fresh = amountFrom < amountTo ? await CountAsync(connection, snapshot, RetentionSql.Fresh, cancellationToken, ("a", amountFrom), ("b", amountTo)) : 0;
        return new Takings(customers, amount, fresh);
    }

    // The purchases' amounts and the first purchases in [a, b), none when b is not after a.
    private async Task<(decimal Amount, long Fresh)> PeriodPurchasesAsync(DbConnection connection, DbTransaction snapshot, DateTimeOffset a, DateTimeOffset b,
        CancellationToken cancellationToken) => a < b
        ? (await SumAsync(connection, snapshot, RetentionSql.PurchaseAmount, cancellationToken, ("a", a), ("b", b)),
           await CountAsync(connection, snapshot, RetentionSql.Fresh, cancellationToken, ("a", a), ("b", b)))
        : (0m, 0);

    // A command of one of RetentionSql's queries with the period's windows and the purchases from its first bound.
    private DbCommand FiguresCommand(DbConnection connection, DbTransaction transaction, string sql, PeriodWindows period,
        params (string Name, DateTimeOffset Value)[] more) =>
        Command(connection, transaction, sql, [("before", period.Before), ("start", period.Start), ("after", period.After),
            ("end", period.End), ("from", period.From), .. more]);

    private async Task<CustomerFigures> ReadFiguresAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var row = await command.ExecuteReaderAsync(cancellationToken);
            await row.ReadAsync(cancellationToken);
            Rows.Add();
            return FiguresAt(row, 0);
        }
    }

    // The six figures of RetentionSql.Figures from the row's columns first to first + 5.
    private static CustomerFigures FiguresAt(DbDataReader row, int first)
    {
        long At(int i) => (long)Number(row, first + i);
        return new CustomerFigures(At(0), At(1), At(2), At(3), At(4), At(5));
    }

    // The first day whose purchases may still change, by the database's clock.
    private async Task<DateOnly> ClosedDayAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, RetentionSql.ClosedDay(database));
        Rows.Add();
        return DateOnly.ParseExact((string)(await command.ExecuteScalarAsync(cancellationToken))!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private async Task<ClosedFigures?> KeptFiguresAsync(DbConnection connection, DbTransaction snapshot, DateOnly from, DateOnly to, int windowDays,
        CancellationToken cancellationToken)
    {
        var rows = await ReadAllAsync(Command(connection, snapshot, RetentionSql.Kept)
            .With("from_day", from.DayNumber).With("to_day", to.DayNumber).With("days", windowDays), row =>
            {
                long At(int i) => (long)Number(row, i);
                return new ClosedFigures(DateOnly.FromDayNumber((int)At(0)), new Takings(FiguresAt(row, 1), Number(row, 7), At(8)), At(9));
            }, cancellationToken);
        return rows.SingleOrDefault();
    }

    // Keeps the figures before the closed day for the next report.
    private Task KeepFiguresAsync(DateOnly from, DateOnly to, int windowDays, ClosedFigures closed) => KeepAsync(writer =>
    {
        var (customers, day) = (closed.Figures.Customers, closed.ClosedDay.DayNumber);
        writer.Defer(RetentionSql.Keep).With("from_day", from.DayNumber).With("to_day", to.DayNumber).With("days", windowDays)
            .With("closed_day", day).With("was_active", customers.WasActive).With("is_active", customers.IsActive).With("lost", customers.Lost)
            .With("repeaters", customers.Repeaters).With("purchases", customers.Purchases).With("buyers", customers.Buyers)
            .With("purchase_amount", closed.Figures.PurchaseAmount).With("fresh", closed.Figures.Fresh).With("past_changes", closed.PastChanges).Run();
    });

    private static RetentionReport Report(DateOnly from, DateOnly to, int windowDays, decimal? marketingSpend, Takings figures, decimal refundAmount)
    {
        var (customers, purchaseAmount) = (figures.Customers, figures.PurchaseAmount);
        var (s, e, n) = ((int)customers.WasActive, (int)customers.IsActive, (int)figures.Fresh);
        var (purchases, buyers) = ((int)customers.Purchases, (int)customers.Buyers);
        var days = to.DayNumber - from.DayNumber;
        var retention = Rate(e - n, s);
        var churn = Rate(customers.Lost, s);
        var repeat = Rate(customers.Repeaters, buyers);
        double? averageCheck = purchases == 0 ? null : (double)(purchaseAmount - refundAmount) / purchases;
        double? frequency = buyers == 0 ? null : (double)purchases / buyers;
        double? cac = marketingSpend is { } spend && n > 0 ? (double)spend / n : null;
        double? clv = null;
        if (averageCheck is { } check && frequency is { } f && churn is { } c)
        {
            var perYear = 365.0 / days;
            var a = 1 - Math.Pow(1 - c / 100, perYear);
            var lifetime = a == 0 ? 10 : Math.Min(10, 1 / a);
            clv = check * f * perYear * lifetime;
        }
        return new RetentionReport(from, to, windowDays, marketingSpend, s, e, n,
            Round(retention), Round(churn), Round(repeat), Round(averageCheck), Round(frequency), Round(cac), Round(clv),
            purchases, buyers, purchaseAmount, refundAmount);
    }
}

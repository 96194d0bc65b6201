using System.Globalization;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// The back office's figures as the silo computed them before they moved into SQL (customer totals loaded whole, RFM
/// quintiles ranked with Array.IndexOf, the dormant list sorted in memory): the definition the SQL must reproduce exactly.
/// </summary>
internal static class OldDefinitions
{
    public sealed record Totals(string CustomerId, string DisplayName, DateTimeOffset? FirstPurchase, DateTimeOffset? LastPurchase, int Purchases, decimal Spend);

    public sealed record Scored(string CustomerId, string DisplayName, int RecencyDays, int Frequency, decimal Monetary, int R, int F, int M, string Segment);

    /// <summary>Monthly retention as it was defined: the period's retention figures, month by month.</summary>
    public static async Task<List<RetentionPoint>> MonthlyAsync(SqlDatabase database, DateOnly from, DateOnly to, int windowDays)
    {
        var months = new List<RetentionPoint>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month < to; month = month.AddMonths(1))
        {
            var report = await RetentionAsync(database, month, month.AddMonths(1), windowDays, null);
            months.Add(new RetentionPoint(month, report.RetentionRate, report.ChurnRate, report.CustomersAtStart, report.CustomersAtEnd));
        }
        return months;
    }

    /// <summary>
    /// Retention as it was defined, from every ledger row: customers active in the window before the period and before its end, new
    /// customers (first purchase in the period), purchases, buyers and takings in it, and the rates from those.
    /// </summary>
    public static async Task<RetentionReport> RetentionAsync(SqlDatabase database, DateOnly from, DateOnly to, int windowDays, decimal? spend)
    {
        var rows = await database.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT customer_id, kind, occurred_utc, amount FROM ledger WHERE kind IN ('Purchase', 'Refund')";
            var read = new List<(string Customer, string Kind, DateTimeOffset At, decimal Amount)>();
            await using var row = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await row.ReadAsync(TestContext.Current.CancellationToken))
            {
                read.Add((row.GetString(0), row.GetString(1), database.ReadUtc(row, 2), Convert.ToDecimal(row.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)));
            }
            return read;
        });
        var (start, end) = (new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var purchases = rows.Where(r => r.Kind == "Purchase").ToList();
        HashSet<string> ActiveIn(DateTimeOffset a, DateTimeOffset b) => [.. purchases.Where(p => p.At >= a && p.At < b).Select(p => p.Customer)];
        var before = ActiveIn(start.AddDays(-windowDays), start);
        var after = ActiveIn(end.AddDays(-windowDays), end);
        var fresh = purchases.GroupBy(p => p.Customer).Count(g => g.Min(p => p.At) >= start && g.Min(p => p.At) < end);
        var inPeriod = purchases.Where(p => p.At >= start && p.At < end).ToList();
        var perBuyer = inPeriod.GroupBy(p => p.Customer).Select(g => g.Count()).ToList();
        var amount = inPeriod.Sum(p => p.Amount);
        var refunds = Math.Abs(rows.Where(r => r.Kind == "Refund" && r.At >= start && r.At < end).Sum(r => r.Amount));
        double? Rate(int numerator, int denominator) => denominator == 0 ? null : Math.Round((double)numerator / denominator * 100, 4);
        double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
        var (s, e, lost) = (before.Count, after.Count, before.Count(c => !after.Contains(c)));
        double? check = inPeriod.Count == 0 ? null : (double)(amount - refunds) / inPeriod.Count;
        double? frequency = perBuyer.Count == 0 ? null : (double)inPeriod.Count / perBuyer.Count;
        double? churn = s == 0 ? null : (double)lost / s * 100;
        double? clv = null;
        if (check is { } c && frequency is { } f && churn is { } ch)
        {
            var perYear = 365.0 / (to.DayNumber - from.DayNumber);
            var a = 1 - Math.Pow(1 - ch / 100, perYear);
            clv = c * f * perYear * (a == 0 ? 10 : Math.Min(10, 1 / a));
        }
        return new RetentionReport(from, to, windowDays, spend, s, e, fresh, Rate(e - fresh, s), Round(churn), Rate(perBuyer.Count(n => n >= 2), perBuyer.Count),
            Round(check), Round(frequency), spend is { } m && fresh > 0 ? Round((double)m / fresh) : null, Round(clv), inPeriod.Count, perBuyer.Count, amount, refunds);
    }

    public static async Task<IReadOnlyList<Totals>> TotalsAsync(SqlDatabase database)
    {
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.customer_id, c.display_name,
                   MIN(CASE WHEN l.kind = 'Purchase' THEN l.occurred_utc END),
                   MAX(CASE WHEN l.kind = 'Purchase' THEN l.occurred_utc END),
                   SUM(CASE WHEN l.kind = 'Purchase' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN l.kind = 'Purchase' THEN l.amount WHEN l.kind = 'Refund' THEN -ABS(l.amount) ELSE 0 END)
            FROM customers c LEFT JOIN ledger l ON l.customer_id = c.customer_id
            GROUP BY c.customer_id, c.display_name
            ORDER BY c.customer_id
            """;
        var totals = new List<Totals>();
        await using var row = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await row.ReadAsync(TestContext.Current.CancellationToken))
        {
            totals.Add(new Totals(row.GetString(0), row.GetString(1),
                row.IsDBNull(2) ? null : database.ReadUtc(row, 2),
                row.IsDBNull(3) ? null : database.ReadUtc(row, 3),
                row.IsDBNull(4) ? 0 : Convert.ToInt32(row.GetValue(4), CultureInfo.InvariantCulture),
                row.IsDBNull(5) ? 0m : Convert.ToDecimal(row.GetValue(5), CultureInfo.InvariantCulture)));
        }
        return totals;
    }

    public static (IReadOnlyList<(string Segment, int Customers)> Segments, IReadOnlyList<Scored> Customers) Rfm(IReadOnlyList<Totals> totals, DateTimeOffset now)
    {
        var buyers = totals.Where(t => t.LastPurchase is not null).ToList();
        var r = Quintiles(buyers, t => -(now - t.LastPurchase!.Value).TotalDays);
        var f = Quintiles(buyers, t => t.Purchases);
        var m = Quintiles(buyers, t => (double)t.Spend);
        var customers = buyers.Select((t, i) => new Scored(t.CustomerId, t.DisplayName, (int)(now - t.LastPurchase!.Value).TotalDays,
            t.Purchases, t.Spend, r[i], f[i], m[i], Name(r[i], f[i]))).ToList();
        var segments = customers.GroupBy(c => c.Segment).Select(g => (g.Key, g.Count())).OrderByDescending(s => s.Item2).ToList();
        return (segments, customers);
    }

    public static IReadOnlyList<Totals> Dormant(IReadOnlyList<Totals> totals, DateTimeOffset cutoff, bool byRecency)
    {
        var dormant = totals.Where(t => t.LastPurchase < cutoff);
        return [.. byRecency ? dormant.OrderBy(d => d.LastPurchase) : dormant.OrderByDescending(d => d.Spend)];
    }

    private static string Name(int r, int f) => (r, f) switch
    {
        ( >= 4, >= 4) => "Champions",
        ( >= 3, >= 3) => "Loyal",
        ( >= 4, _) => "New or promising",
        ( <= 2, >= 3) => "At risk",
        (1, _) => "Lost",
        _ => "Needs attention",
    };

    private static int[] Quintiles(List<Totals> items, Func<Totals, double> key)
    {
        var scores = new int[items.Count];
        if (items.Count == 0)
        {
            return scores;
        }
        var values = items.Select(key).ToArray();
        var sorted = values.Order().ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var rank = Array.IndexOf(sorted, values[i]);
            scores[i] = 1 + rank * 5 / values.Length;
        }
        return scores;
    }
}

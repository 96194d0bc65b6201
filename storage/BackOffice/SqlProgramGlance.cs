using System.Data.Common;
using System.Globalization;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Liability;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// The home page's figures, set-based on either engine: a few grouped queries over the ledger's occurred_utc index, the
/// customers' enrolment times and the dead-letter tables. No customer is loaded; the rows returned grow with days, not members.
/// </summary>
public sealed class SqlProgramGlance(SqlDatabase database, long splitFromRows = CustomerRange.SplitFromRows) : IProgramGlance
{
    public Task<GlanceCounts> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var end = Start(today.AddDays(1));
        return database.ReadAsync(async connection =>
        {
            await using var snapshot = database.BeginSnapshot(connection);
            var days = new SortedDictionary<DateOnly, GlanceDay>();
            // The ledger's days and the active members read the most rows: on a large ledger they run at once, the active
            // members in customer ranges whose counts add up (see SharedSnapshot and CustomerRange).
            var ranges = await CustomerRange.SplitAsync(database, connection, snapshot, splitFromRows, cancellationToken);
            var parts = new List<Func<DbConnection, DbTransaction, CancellationToken, Task<long[]>>>
            {
                async (on, shared, token) =>
                {
                    await LedgerDaysAsync(on, shared, Start(from), end, days, token);
                    return [0, 0, 0, 0];
                },
            };
            parts.AddRange(ranges.Select(range =>
                (Func<DbConnection, DbTransaction, CancellationToken, Task<long[]>>)((on, shared, token) => ActiveAsync(on, shared, now, range, token))));
            var counts = await SharedSnapshot.RunAsync(database, connection, snapshot, parts, (on, shared, part, token) => part(on, shared, token),
                cancellationToken, atOnce: ranges.Count > 1);
            var active = Enumerable.Range(0, 4).Select(i => counts.Sum(part => part[i])).ToArray();
            await EnrolmentsAsync(connection, snapshot, Start(from), end, days, cancellationToken);
            var open = await OpenAsync(connection, snapshot, cancellationToken);
            var work = await WorkDaysAsync(connection, snapshot, from, today, cancellationToken);
            return new GlanceCounts(from, [.. days.Values], active[0], active[1], active[2], active[3], open[0], open[1], open[2], work);
        });
    }

    // Points per day, kind and sign (a few rows per day), sorted into issued and redeemed as the liability report does.
    private async Task LedgerDaysAsync(DbConnection connection, DbTransaction snapshot, DateTimeOffset from, DateTimeOffset end,
        SortedDictionary<DateOnly, GlanceDay> days, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(snapshot, $"""
            SELECT {DayText("occurred_utc")}, kind, CASE WHEN points > 0 THEN 1 ELSE 0 END, SUM(points),
                   SUM(CASE WHEN kind = 'Purchase' AND card_id IS NOT NULL THEN 1 ELSE 0 END)
            FROM ledger WHERE occurred_utc >= @from AND occurred_utc < @end
            GROUP BY {Day("occurred_utc")}, kind, CASE WHEN points > 0 THEN 1 ELSE 0 END
            """);
        command.With("from", database.Utc(from)).With("end", database.Utc(end));
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            var day = ParseDay(row.GetString(0));
            EntryKind? kind = Enum.TryParse<EntryKind>(row.GetString(1), out var known) ? known : null;
            var movement = LiabilityMovements.Of(kind, Long(row, 2) == 1);
            var points = Long(row, 3);
            var sum = Get(days, day);
            days[day] = sum with
            {
                Purchases = sum.Purchases + Long(row, 4),
                PointsIssued = sum.PointsIssued + (movement == LiabilityMovement.Issued ? points : 0),
                PointsRedeemed = sum.PointsRedeemed - (movement == LiabilityMovement.Redeemed ? points : 0),
            };
        }
    }

    private async Task EnrolmentsAsync(DbConnection connection, DbTransaction snapshot, DateTimeOffset from, DateTimeOffset end,
        SortedDictionary<DateOnly, GlanceDay> days, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(snapshot, $"""
            SELECT {DayText("enrolled_at")}, COUNT(*) FROM customers
            WHERE enrolled_at >= @from AND enrolled_at < @end GROUP BY {Day("enrolled_at")}
            """);
        command.With("from", database.Utc(from)).With("end", database.Utc(end));
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            var day = ParseDay(row.GetString(0));
            days[day] = Get(days, day) with { NewMembers = Long(row, 1) };
        }
    }

    // Members with a purchase in [now - 30 d, now) and in the 30 days before, likewise for 90 days: one pass over 180 days.
    private async Task<long[]> ActiveAsync(DbConnection connection, DbTransaction snapshot, DateTimeOffset now, CustomerRange range,
        CancellationToken cancellationToken)
    {
        await using var command = range.BindTo(connection.Command(snapshot, $"""
            SELECT COUNT(DISTINCT CASE WHEN occurred_utc >= @d30 THEN customer_id END),
                   COUNT(DISTINCT CASE WHEN occurred_utc >= @d60 AND occurred_utc < @d30 THEN customer_id END),
                   COUNT(DISTINCT CASE WHEN occurred_utc >= @d90 THEN customer_id END),
                   COUNT(DISTINCT CASE WHEN occurred_utc < @d90 THEN customer_id END)
            FROM ledger WHERE kind = 'Purchase' AND occurred_utc >= @d180 AND occurred_utc < @now AND {range.Condition("customer_id")}
            """));
        command.With("now", database.Utc(now));
        foreach (var days in new[] { 30, 60, 90, 180 })
        {
            command.With($"d{days}", database.Utc(now.AddDays(-days)));
        }
        return await ReadRowAsync(command, 4, cancellationToken);
    }

    private static async Task<long[]> OpenAsync(DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(snapshot, """
            SELECT (SELECT COUNT(*) FROM dead_letters WHERE status = 'Open'),
                   (SELECT COUNT(*) FROM webhook_dead_letters),
                   (SELECT COUNT(*) FROM webhook_subscriptions WHERE failing_since IS NOT NULL)
            """);
        return await ReadRowAsync(command, 3, cancellationToken);
    }

    // No history of open dead letters is kept, so it is derived from the rows' times: the letters open at the end of today,
    // then day by day backwards, each day's end is the next day's end less that day's arrivals plus that day's resolutions.
    // Three grouped queries; the rows read grow with days, not with letters.
    private async Task<IReadOnlyList<GlanceWorkDay>> WorkDaysAsync(DbConnection connection, DbTransaction snapshot, DateOnly from, DateOnly today,
        CancellationToken cancellationToken)
    {
        var (start, end) = (database.Utc(Start(from)), database.Utc(Start(today.AddDays(1))));
        await using var openCommand = connection.Command(snapshot,
            "SELECT COUNT(*) FROM dead_letters WHERE reported_utc < @end AND (resolved_utc IS NULL OR resolved_utc >= @end)");
        openCommand.With("end", end);
        var openAtEnd = (await ReadRowAsync(openCommand, 1, cancellationToken))[0];
        var arrived = await CountByDayAsync(connection, snapshot, "dead_letters", "reported_utc", start, end, cancellationToken);
        var resolved = await CountByDayAsync(connection, snapshot, "dead_letters", "resolved_utc", start, end, cancellationToken);
        var givenUp = await CountByDayAsync(connection, snapshot, "webhook_dead_letters", "failed_utc", start, end, cancellationToken);
        var work = new List<GlanceWorkDay>();
        for (var day = today; day >= from; day = day.AddDays(-1))
        {
            work.Add(new GlanceWorkDay(day, openAtEnd, givenUp.GetValueOrDefault(day)));
            openAtEnd += resolved.GetValueOrDefault(day) - arrived.GetValueOrDefault(day);
        }
        work.Reverse();
        return work;
    }

    private async Task<Dictionary<DateOnly, long>> CountByDayAsync(DbConnection connection, DbTransaction snapshot, string table, string column,
        object start, object end, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(snapshot,
            $"SELECT {DayText(column)}, COUNT(*) FROM {table} WHERE {column} >= @from AND {column} < @end GROUP BY {Day(column)}");
        command.With("from", start).With("end", end);
        var counts = new Dictionary<DateOnly, long>();
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            counts[ParseDay(row.GetString(0))] = Long(row, 1);
        }
        return counts;
    }

    private static async Task<long[]> ReadRowAsync(DbCommand command, int columns, CancellationToken cancellationToken)
    {
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        return [.. Enumerable.Range(0, columns).Select(i => Long(row, i))];
    }

    private string Day(string column) => SqlDialect.DayKey(database, column);

    private string DayText(string column) => SqlDialect.DayKeyText(database, Day(column));

    private static GlanceDay Get(SortedDictionary<DateOnly, GlanceDay> days, DateOnly day) =>
        days.TryGetValue(day, out var found) ? found : new GlanceDay(day, 0, 0, 0, 0);

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static long Long(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? 0 : Convert.ToInt64(row.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

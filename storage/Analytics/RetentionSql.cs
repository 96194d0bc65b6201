using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Retention's queries and the schema step that keeps the part of a period's figures that is over.
/// <para>
/// A period's figures are sums over customers of what each customer's purchases say (active in the window before the
/// period, active in the window before its end, purchases in it). A customer's purchases before the closed day (two days
/// before the database's clock, as for months: see <see cref="ClosedMonthTables"/>) change only when one is booked late,
/// changed or removed, which <c>past_month_changes</c> counts. So the figures of the purchases before the closed day are
/// kept in <c>retention_counts</c> per period and window, and a report adds to them only what the customers who bought
/// since changed: their figures from every purchase, less their figures from the purchases before the closed day.
/// </para>
/// </summary>
internal static class RetentionSql
{
    /// <summary>
    /// Parameters: @before, @start (the window before the period), @after, @end (the window before its end; the period is
    /// [@start, @end)), @from, @until (the purchases read), and what <paramref name="customers"/> binds. One row for the
    /// customers the condition picks: active before, active at the end, active before and not at the end, bought twice or
    /// more in the period, purchases in the period, bought in it. Only whole numbers per customer: PostgreSQL's parallel
    /// grouping passes each worker's partial sums on, and a numeric sum's partial state is costly to pass (at 10 M members:
    /// 17.5 s with the takings summed here, 11.4 s without).
    /// </summary>
    public static string Figures(string customers) => $"""
        SELECT {Sums("")}
        FROM (SELECT customer_id, {PerCustomer("")}
              FROM ledger WHERE kind = 'Purchase' AND occurred_utc >= @from AND occurred_utc < @until AND {customers}
              GROUP BY customer_id) c
        """;

    /// <summary>
    /// Parameters: the windows' as for <see cref="Figures"/>, @from, and @since, @upto, @below, @amount_from, @amount_to. The
    /// figures of the customers who bought in [@since, @upto), from their purchases in [@from, @upto), then from those in
    /// [@from, @below): twelve sums, the two sets of <see cref="Figures"/>'s six, whose difference is what those purchases
    /// changed; and the amounts of their purchases in [@amount_from, @amount_to) (within [@since, @upto): read here from the
    /// purchases index rather than again from the table, whose rows of a few days may lie on as many pages). On PostgreSQL each
    /// buyer's purchases are read through the purchases index (customer, time) in a lateral subquery, which cannot be planned
    /// as a scan of the whole period's ledger whatever the statistics or a generic plan say; SQLite has no LATERAL and
    /// groups the buyers' purchases.
    /// </summary>
    public static string Moved(SqlDatabase database)
    {
        var figures = $"""
            {PerCustomer("_all")},
            {PerCustomer("_before", " AND occurred_utc < @below")},
            SUM(CASE WHEN occurred_utc >= @amount_from AND occurred_utc < @amount_to THEN amount ELSE 0 END) AS amount
            """;
        const string buyers = "SELECT DISTINCT customer_id FROM ledger WHERE kind = 'Purchase' AND occurred_utc >= @since AND occurred_utc < @upto";
        var perBuyer = database is PostgresDatabase
            ? $"""
              ({buyers}) b
              CROSS JOIN LATERAL (SELECT {figures} FROM ledger l
                                  WHERE l.kind = 'Purchase' AND l.customer_id = b.customer_id AND l.occurred_utc >= @from AND l.occurred_utc < @upto) c
              """
            : $"""
              (SELECT customer_id, {figures} FROM ledger
               WHERE kind = 'Purchase' AND occurred_utc >= @from AND occurred_utc < @upto AND customer_id IN ({buyers})
               GROUP BY customer_id) c
              """;
        return $"""
            SELECT {Sums("_all")}, {Sums("_before")}, SUM(amount)
            FROM {perBuyer}
            """;
    }

    // One customer's figures, named with suffix, from their purchases that also meet the condition also (" AND ..." or
    // none): active in the window before the period, active in the window before its end, purchases in the period. Written
    // once, so a figure counted and the same figure moved on cannot come to mean different things.
    private static string PerCustomer(string suffix, string also = "") => $"""
        MAX(CASE WHEN occurred_utc >= @before AND occurred_utc < @start{also} THEN 1 ELSE 0 END) AS was_active{suffix},
        MAX(CASE WHEN occurred_utc >= @after AND occurred_utc < @end{also} THEN 1 ELSE 0 END) AS is_active{suffix},
        SUM(CASE WHEN occurred_utc >= @start AND occurred_utc < @end{also} THEN 1 ELSE 0 END) AS bought{suffix}
        """;

    // The six sums over customers of their figures named with suffix, in the order Figures documents.
    private static string Sums(string suffix) => $"""
        SUM(was_active{suffix}), SUM(is_active{suffix}), SUM(CASE WHEN was_active{suffix} = 1 AND is_active{suffix} = 0 THEN 1 ELSE 0 END),
        SUM(CASE WHEN bought{suffix} >= 2 THEN 1 ELSE 0 END), SUM(bought{suffix}), SUM(CASE WHEN bought{suffix} >= 1 THEN 1 ELSE 0 END)
        """;

    /// <summary>Parameters: @a, @b. One row: the purchases' amounts in [@a, @b).</summary>
    public const string PurchaseAmount = "SELECT SUM(amount) FROM ledger WHERE kind = 'Purchase' AND occurred_utc >= @a AND occurred_utc < @b";

    /// <summary>Parameters: @a, @b. One row: the refunds' amounts in [@a, @b), from their own small index; never kept (the late-booking count counts purchases).</summary>
    public const string RefundAmount = "SELECT SUM(amount) FROM ledger WHERE kind = 'Refund' AND occurred_utc >= @a AND occurred_utc < @b";

    /// <summary>Parameters: @a, @b. One row: the customers whose first purchase is in [@a, @b), from the totals the ledger's triggers keep.</summary>
    public const string Fresh = "SELECT COUNT(*) FROM customer_totals WHERE first_purchase_utc >= @a AND first_purchase_utc < @b";

    /// <summary>One row: the closed day (YYYY-MM-DD, UTC), two days before the database's clock: purchases before it booked since count as late.</summary>
    public static string ClosedDay(SqlDatabase database) => database is PostgresDatabase
        ? "SELECT to_char((now() - interval '48 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        : "SELECT strftime('%Y-%m-%d', 'now', '-2 days')";

    /// <summary>Parameters: @from_day, @to_day, @days. The period's kept figures, if any.</summary>
    public const string Kept = """
        SELECT closed_day, was_active, is_active, lost, repeaters, purchases, buyers, purchase_amount, fresh, past_changes
        FROM retention_counts WHERE from_day = @from_day AND to_day = @to_day AND window_days = @days
        """;

    /// <summary>
    /// Keeps a period's figures before its closed day, unless figures of the same day from a later view of the ledger are
    /// kept. Any kept row is right for the late changes it was kept with; a row of another closed day is replaced, so one
    /// kept while the database's clock ran ahead does not stay.
    /// </summary>
    public const string Keep = """
        INSERT INTO retention_counts (from_day, to_day, window_days, closed_day, was_active, is_active, lost, repeaters, purchases, buyers,
                                      purchase_amount, fresh, past_changes)
        VALUES (@from_day, @to_day, @days, @closed_day, @was_active, @is_active, @lost, @repeaters, @purchases, @buyers,
                @purchase_amount, @fresh, @past_changes)
        ON CONFLICT (from_day, to_day, window_days) DO UPDATE SET
            closed_day = excluded.closed_day, was_active = excluded.was_active, is_active = excluded.is_active, lost = excluded.lost,
            repeaters = excluded.repeaters, purchases = excluded.purchases, buyers = excluded.buyers,
            purchase_amount = excluded.purchase_amount, fresh = excluded.fresh, past_changes = excluded.past_changes
        WHERE retention_counts.closed_day <> excluded.closed_day OR retention_counts.past_changes <= excluded.past_changes
        """;

    /// <summary>Parameters: @closed_day. Periods counted more than 40 days before it: a period asked for once is not kept for ever.</summary>
    public const string Forget = "DELETE FROM retention_counts WHERE closed_day < @closed_day - 40";

    // The step also counts a change of a purchase's amount as a change of its month, since the takings before the closed
    // day are kept (only customer, kind and time were counted: what monthly retention and cohorts depend on).
    // Days are day numbers (days since 0001-01-01, DateOnly.DayNumber), the same on both engines. purchase_amount is the exact
    // sum: numeric on PostgreSQL, text on SQLite (which binds a decimal as text and would round a REAL).
    public static readonly string Postgres = $"""
        CREATE TABLE retention_counts (
            from_day        integer NOT NULL,  -- the period [from_day, to_day)
            to_day          integer NOT NULL,
            window_days     integer NOT NULL,
            closed_day      integer NOT NULL,  -- the figures are those of the purchases before this day
            was_active      bigint NOT NULL,
            is_active       bigint NOT NULL,
            lost            bigint NOT NULL,
            repeaters       bigint NOT NULL,
            purchases       bigint NOT NULL,
            buyers          bigint NOT NULL,
            purchase_amount numeric NOT NULL,  -- purchases in [from_day, min(to_day, closed_day))
            fresh           bigint NOT NULL,   -- first purchases in [from_day, min(to_day, closed_day))
            past_changes    bigint NOT NULL,   -- the sum of past_month_changes up to the month of the day before closed_day when counted
            PRIMARY KEY (from_day, to_day, window_days)
        );
        {ClosedMonthTables.PostgresAmountChanges}
        """;

    public static readonly string Sqlite = $"""
        CREATE TABLE retention_counts (
            from_day        INTEGER NOT NULL,
            to_day          INTEGER NOT NULL,
            window_days     INTEGER NOT NULL,
            closed_day      INTEGER NOT NULL,
            was_active      INTEGER NOT NULL,
            is_active       INTEGER NOT NULL,
            lost            INTEGER NOT NULL,
            repeaters       INTEGER NOT NULL,
            purchases       INTEGER NOT NULL,
            buyers          INTEGER NOT NULL,
            purchase_amount TEXT NOT NULL,
            fresh           INTEGER NOT NULL,
            past_changes    INTEGER NOT NULL,
            PRIMARY KEY (from_day, to_day, window_days)
        ) WITHOUT ROWID;
        {ClosedMonthTables.SqliteAmountChanges}
        """;
}

using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The schema step that lets monthly retention and cohorts keep the counts of months that are over. Monthly retention
/// counts, per month start, the customers active there, of them those still active at the next month start, and the
/// customers whose first purchase is in the month; cohorts count, per month bought in, the buyers of each cohort (month of
/// first purchase). Once the next month has begun these change only when a purchase of that month or an earlier one is
/// booked late (an offline till's outbox, a wrong clock), changed or removed. So:
/// <list type="bullet">
/// <item><c>past_month_changes</c> counts, per month (year × 12 + month − 1, UTC), the purchases of that month booked more
/// than a day after they happened, and every change or removal of a purchase of it. Triggers on the ledger count them in
/// the transaction of the ledger write; a purchase booked on time (nearly every one) writes nothing here.</item>
/// <item><c>monthly_retention_counts</c> keeps a month start's counts for a window of days, and <c>cohort_counts</c> a
/// month's buyers per cohort (with a row for the month's own cohort, even of none, so a month counted is known), each with
/// the sum of the changes of the months up to theirs as the counts saw it. Counts hold while that sum is the same: they
/// are read back only when no purchase they depend on has been booked, changed or removed since.</item>
/// </list>
/// Counting on a counter rather than deleting kept counts means a report that read the ledger before a late purchase
/// committed, and keeps its counts after, keeps them with the old sum, so the next report does not trust them.
/// </summary>
internal static class ClosedMonthTables
{
    // The step's own month arithmetic rather than SqlDialect's: a step that shipped never changes, whatever the code does
    // later. Each writer connection counts on a slot of its own (its backend's process id modulo 16, summed when read), so
    // two silos booking late purchases of the same months neither wait for each other's commit nor deadlock on the rows.
    // "24 hours" rather than "1 day": a day is 23 or 25 hours across a daylight-saving change in a session's time zone.
    public const string Postgres = """
        CREATE TABLE past_month_changes (
            month   integer NOT NULL,  -- year × 12 + month − 1 of the purchase's time, UTC
            slot    integer NOT NULL,  -- the writing connection's backend process id modulo 16
            changes bigint NOT NULL,
            PRIMARY KEY (month, slot)
        );
        CREATE TABLE monthly_retention_counts (
            window_days  integer NOT NULL,
            boundary     integer NOT NULL,  -- the month starting there, year × 12 + month − 1
            active       bigint NOT NULL,   -- customers who bought in the window of days before the boundary
            kept         bigint NOT NULL,   -- of them, those active at the next boundary too
            fresh        bigint NOT NULL,   -- customers whose first purchase is in the month
            past_changes bigint NOT NULL,   -- the sum of past_month_changes up to the boundary's month when counted
            PRIMARY KEY (window_days, boundary)
        );
        CREATE TABLE cohort_counts (
            bought       integer NOT NULL,  -- the month bought in, year × 12 + month − 1
            cohort       integer NOT NULL,  -- the month of the buyers' first purchase
            buyers       bigint NOT NULL,
            past_changes bigint NOT NULL,   -- the sum of past_month_changes up to the month bought in when counted
            PRIMARY KEY (bought, cohort)
        );

        CREATE FUNCTION retention_past_month_changed(changed timestamptz) RETURNS void LANGUAGE sql AS $fn$
            INSERT INTO past_month_changes AS p (month, slot, changes)
            VALUES (date_part('year', changed AT TIME ZONE 'UTC')::integer * 12 + date_part('month', changed AT TIME ZONE 'UTC')::integer - 1,
                    pg_backend_pid() % 16, 1)
            ON CONFLICT (month, slot) DO UPDATE SET changes = p.changes + 1
        $fn$;

        CREATE FUNCTION retention_late_purchase_booked() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM retention_past_month_changed(NEW.occurred_utc);
            RETURN NULL;
        END
        $fn$;

        CREATE FUNCTION retention_purchase_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF OLD.kind = 'Purchase' THEN
                PERFORM retention_past_month_changed(OLD.occurred_utc);
            END IF;
            IF TG_OP = 'UPDATE' AND NEW.kind = 'Purchase' THEN
                PERFORM retention_past_month_changed(NEW.occurred_utc);
            END IF;
            RETURN NULL;
        END
        $fn$;

        CREATE TRIGGER late_purchase_booked AFTER INSERT ON ledger
            FOR EACH ROW WHEN (NEW.kind = 'Purchase' AND NEW.occurred_utc < now() - interval '24 hours')
            EXECUTE FUNCTION retention_late_purchase_booked();
        CREATE TRIGGER purchase_updated AFTER UPDATE OF customer_id, kind, occurred_utc ON ledger
            FOR EACH ROW EXECUTE FUNCTION retention_purchase_changed();
        CREATE TRIGGER purchase_deleted AFTER DELETE ON ledger
            FOR EACH ROW EXECUTE FUNCTION retention_purchase_changed();
        """;

    // SQLite has one writer, so one slot. Its times are sortable text with seven decimals and a Z; strftime's three
    // decimals and Z sort after every time of the same millisecond, which a day's margin does not mind.
    private static string SqliteMonth(string row) =>
        $"(CAST(substr({row}.occurred_utc, 1, 4) AS INTEGER) * 12 + CAST(substr({row}.occurred_utc, 6, 2) AS INTEGER) - 1)";

    private static string SqliteCount(string row) => $"""
        INSERT INTO past_month_changes (month, slot, changes) SELECT {SqliteMonth(row)}, 0, 1 WHERE {row}.kind = 'Purchase'
            ON CONFLICT (month, slot) DO UPDATE SET changes = changes + 1;
        """;

    public static readonly string Sqlite = $"""
        CREATE TABLE past_month_changes (
            month   INTEGER NOT NULL,
            slot    INTEGER NOT NULL,
            changes INTEGER NOT NULL,
            PRIMARY KEY (month, slot)
        ) WITHOUT ROWID;
        CREATE TABLE monthly_retention_counts (
            window_days  INTEGER NOT NULL,
            boundary     INTEGER NOT NULL,
            active       INTEGER NOT NULL,
            kept         INTEGER NOT NULL,
            fresh        INTEGER NOT NULL,
            past_changes INTEGER NOT NULL,
            PRIMARY KEY (window_days, boundary)
        ) WITHOUT ROWID;
        CREATE TABLE cohort_counts (
            bought       INTEGER NOT NULL,
            cohort       INTEGER NOT NULL,
            buyers       INTEGER NOT NULL,
            past_changes INTEGER NOT NULL,
            PRIMARY KEY (bought, cohort)
        ) WITHOUT ROWID;

        CREATE TRIGGER late_purchase_booked AFTER INSERT ON ledger
        WHEN NEW.kind = 'Purchase' AND NEW.occurred_utc < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')
        BEGIN
            {SqliteCount("NEW")}
        END;

        CREATE TRIGGER purchase_updated AFTER UPDATE OF customer_id, kind, occurred_utc ON ledger
        BEGIN
            {SqliteCount("OLD")}
            {SqliteCount("NEW")}
        END;

        CREATE TRIGGER purchase_deleted AFTER DELETE ON ledger
        BEGIN
            {SqliteCount("OLD")}
        END;
        """;

    /// <summary>A later step's: a change of a purchase's amount counted as a change of its month too (retention keeps takings).</summary>
    public const string PostgresAmountChanges = """
        DROP TRIGGER purchase_updated ON ledger;
        CREATE TRIGGER purchase_updated AFTER UPDATE OF customer_id, kind, occurred_utc, amount ON ledger
            FOR EACH ROW EXECUTE FUNCTION retention_purchase_changed();
        """;

    /// <summary>The same for SQLite.</summary>
    public static readonly string SqliteAmountChanges = $"""
        DROP TRIGGER purchase_updated;
        CREATE TRIGGER purchase_updated AFTER UPDATE OF customer_id, kind, occurred_utc, amount ON ledger
        BEGIN
            {SqliteCount("OLD")}
            {SqliteCount("NEW")}
        END;
        """;

    /// <summary>
    /// One row: the first month whose counts may still change, two days before the database's clock. A late purchase is
    /// counted after one day, so a write that began before a report and commits after it is counted whenever it could
    /// change what the report keeps.
    /// </summary>
    public static string ClosedFrom(SqlDatabase database) => database is PostgresDatabase
        ? $"SELECT {SqlDialect.MonthNumber(database, "(now() - interval '48 hours')")}"
        : $"SELECT {SqlDialect.MonthNumber(database, "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days')")}";

    /// <summary>Parameters: @month. One row: the late, changed and removed purchases of the months up to @month.</summary>
    public const string PastChangesUpTo = "SELECT COALESCE(SUM(changes), 0) FROM past_month_changes WHERE month <= @month";

    /// <summary>Every month's count of late, changed and removed purchases: month, changes.</summary>
    public const string PastChanges = "SELECT month, SUM(changes) FROM past_month_changes GROUP BY month";

    /// <summary>One row: the ledger's rows as PostgreSQL last estimated them, and its first time (from its index); none on SQLite.</summary>
    public static string? LedgerSize(SqlDatabase database) => database is PostgresDatabase
        ? "SELECT GREATEST(reltuples, 0)::bigint, (SELECT MIN(occurred_utc) FROM ledger) FROM pg_class WHERE oid = 'ledger'::regclass"
        : null;
}

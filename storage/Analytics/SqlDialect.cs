using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>What the back office's queries spell differently on the two engines: SQLite keeps times as sortable UTC text and JSON as text, PostgreSQL as timestamptz and jsonb.</summary>
internal static class SqlDialect
{
    /// <summary>The calendar month (UTC) of a time column, as <c>yyyy-MM</c> text.</summary>
    public static string Month(SqlDatabase database, string column) => database is PostgresDatabase
        ? $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"
        : $"substr({column}, 1, 7)";

    /// <summary>
    /// The calendar month (UTC) of a time column as a key that is cheap to group and sort by: PostgreSQL's month start (a
    /// timestamp, where formatting text for every row and comparing it by collation cost the most), SQLite's <c>yyyy-MM</c>.
    /// <see cref="MonthKeyText"/> turns it into <c>yyyy-MM</c> once per group.
    /// </summary>
    public static string MonthKey(SqlDatabase database, string column) => database is PostgresDatabase
        ? $"date_trunc('month', {column} AT TIME ZONE 'UTC')"
        : $"substr({column}, 1, 7)";

    /// <summary>A <see cref="MonthKey"/> as <c>yyyy-MM</c> text.</summary>
    public static string MonthKeyText(SqlDatabase database, string key) => database is PostgresDatabase
        ? $"to_char({key}, 'YYYY-MM')"
        : key;

    /// <summary>
    /// The UTC day of a time column as a key that is cheap to group by: PostgreSQL's date (formatting text for every row
    /// was most of the time of a grouping over the whole ledger: 21 s at 20 M rows), SQLite's <c>yyyy-MM-dd</c>.
    /// <see cref="DayKeyText"/> turns it into <c>yyyy-MM-dd</c> once per group.
    /// </summary>
    public static string DayKey(SqlDatabase database, string column) => database is PostgresDatabase
        ? PostgresDayKey(column)
        : $"substr({column}, 1, 10)";

    /// <summary>PostgreSQL's <see cref="DayKey"/>, also as the schema's statistics of the ledger's days name it.</summary>
    public static string PostgresDayKey(string column) => $"({column} AT TIME ZONE 'UTC')::date";

    /// <summary>A <see cref="DayKey"/> as <c>yyyy-MM-dd</c> text.</summary>
    public static string DayKeyText(SqlDatabase database, string key) => database is PostgresDatabase
        ? $"to_char({key}, 'YYYY-MM-DD')"
        : key;

    /// <summary>
    /// The calendar month (UTC) of a time column as a month number, year × 12 + month − 1, so months subtract. PostgreSQL's
    /// date_part (a float, exact for these whole numbers) spares EXTRACT's numeric arithmetic on every purchase.
    /// </summary>
    public static string MonthNumber(SqlDatabase database, string column) => database is PostgresDatabase
        ? $"(date_part('year', {column} AT TIME ZONE 'UTC')::integer * 12 + date_part('month', {column} AT TIME ZONE 'UTC')::integer - 1)"
        : $"(CAST(substr({column}, 1, 4) AS INTEGER) * 12 + CAST(substr({column}, 6, 2) AS INTEGER) - 1)";

    /// <summary>
    /// The month number of the UTC day of a time column plus a whole number of days (an integer parameter). Whole days
    /// are exact: a midnight is at most that many days before a time exactly when it is at most that many days before the
    /// time's own midnight (and SQLite's datetime arithmetic would round away the seventh decimal of a second).
    /// </summary>
    public static string MonthNumberDaysAfter(SqlDatabase database, string column, string daysParameter) => database is PostgresDatabase
        ? $"(date_part('year', ({column} AT TIME ZONE 'UTC')::date + {daysParameter})::integer * 12 + date_part('month', ({column} AT TIME ZONE 'UTC')::date + {daysParameter})::integer - 1)"
        : $"(CAST(strftime('%Y', substr({column}, 1, 10), '+' || {daysParameter} || ' days') AS INTEGER) * 12 + CAST(strftime('%m', substr({column}, 1, 10), '+' || {daysParameter} || ' days') AS INTEGER) - 1)";

    /// <summary>The text at a path of JSON keys in a text column holding a JSON document (null when it is missing or null).</summary>
    public static string JsonText(SqlDatabase database, string column, params string[] path) => database is PostgresDatabase
        ? $"({column}::jsonb #>> '{{{string.Join(',', path)}}}')"
        : $"json_extract({column}, '$.{string.Join('.', path)}')";
}

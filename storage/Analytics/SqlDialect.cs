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

    /// <summary>The calendar month (UTC) of a time column as a month number, year × 12 + month − 1, so months subtract.</summary>
    public static string MonthNumber(SqlDatabase database, string column) => database is PostgresDatabase
        ? $"(EXTRACT(YEAR FROM {column} AT TIME ZONE 'UTC') * 12 + EXTRACT(MONTH FROM {column} AT TIME ZONE 'UTC') - 1)::integer"
        : $"(CAST(substr({column}, 1, 4) AS INTEGER) * 12 + CAST(substr({column}, 6, 2) AS INTEGER) - 1)";

    /// <summary>
    /// The month number of the UTC day of a time column plus a whole number of days (an integer parameter). Whole days
    /// are exact: a midnight is at most that many days before a time exactly when it is at most that many days before the
    /// time's own midnight (and SQLite's datetime arithmetic would round away the seventh decimal of a second).
    /// </summary>
    public static string MonthNumberDaysAfter(SqlDatabase database, string column, string daysParameter) => database is PostgresDatabase
        ? $"(EXTRACT(YEAR FROM ({column} AT TIME ZONE 'UTC')::date + {daysParameter}) * 12 + EXTRACT(MONTH FROM ({column} AT TIME ZONE 'UTC')::date + {daysParameter}) - 1)::integer"
        : $"(CAST(strftime('%Y', substr({column}, 1, 10), '+' || {daysParameter} || ' days') AS INTEGER) * 12 + CAST(strftime('%m', substr({column}, 1, 10), '+' || {daysParameter} || ' days') AS INTEGER) - 1)";

    /// <summary>The text at a path of JSON keys in a text column holding a JSON document (null when it is missing or null).</summary>
    public static string JsonText(SqlDatabase database, string column, params string[] path) => database is PostgresDatabase
        ? $"({column}::jsonb #>> '{{{string.Join(',', path)}}}')"
        : $"json_extract({column}, '$.{string.Join('.', path)}')";
}

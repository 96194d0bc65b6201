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

    /// <summary>The text at a path of JSON keys in a text column holding a JSON document (null when it is missing or null).</summary>
    public static string JsonText(SqlDatabase database, string column, params string[] path) => database is PostgresDatabase
        ? $"({column}::jsonb #>> '{{{string.Join(',', path)}}}')"
        : $"json_extract({column}, '$.{string.Join('.', path)}')";
}

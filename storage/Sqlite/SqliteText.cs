using System.Globalization;

namespace RetentionActors.Storage.Sqlite;

/// <summary>How times and numbers are written as text in the database, so that SQL can sort and read them.</summary>
internal static class SqliteText
{
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>An instant in UTC with fixed width: text order is time order.</summary>
    public static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    /// <summary>A time with the offset it was given in.</summary>
    public static string AsGiven(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}

using System.Globalization;

namespace RetentionActors.Contracts.Ledger;

/// <summary>The business day of a till operation when the till does not name one: the date its clock showed, in its own offset.</summary>
public static class TillDay
{
    public static DateOnly Of(DateTimeOffset tillTime) => DateOnly.FromDateTime(tillTime.DateTime);

    /// <summary>A business day as receipts, keys and the JSON protocol spell it: <c>yyyy-MM-dd</c>.</summary>
    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

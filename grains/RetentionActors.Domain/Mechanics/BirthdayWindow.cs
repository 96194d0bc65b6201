namespace RetentionActors.Domain.Mechanics;

/// <summary>
/// The birthday bonus is given once a year, in the week that starts on the birthday (UTC days; 29 February is the 28th
/// in other years). The year is in the bonus's key, so a restart or a second sweep cannot give it twice.
/// </summary>
public static class BirthdayWindow
{
    public const int Days = 7;

    /// <summary>The years whose birthday week contains the UTC day of <paramref name="now"/>: this year's, or last year's in early January.</summary>
    public static IReadOnlyList<int> YearsOpen(DateOnly birthday, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return [.. new[] { today.Year, today.Year - 1 }.Where(year =>
        {
            var day = new DateOnly(year, birthday.Month, Math.Min(birthday.Day, DateTime.DaysInMonth(year, birthday.Month)));
            return today >= day && today < day.AddDays(Days);
        })];
    }

    /// <summary>The operation key of the birthday bonus of <paramref name="year"/>.</summary>
    public static string Key(int year) => $"birthday/{year}";
}

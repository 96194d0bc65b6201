namespace RetentionActors.Grains.Maintenance;

/// <summary>
/// The birthdays whose bonus week is open on a day, as the customer grain judges it: the week starts on the birthday
/// (29 February on the 28th in other years) and the bonus of that year is the operation <c>birthday/yyyy</c>.
/// </summary>
public static class BirthdayWeeks
{
    public static IEnumerable<(int Birthday, string BonusKey)> OpenOn(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var back = 0; back < 7; back++)
        {
            var day = today.AddDays(-back);
            var key = $"birthday/{day.Year}";
            yield return (day.Month * 100 + day.Day, key);
            if (day is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(day.Year))
            {
                yield return (229, key);
            }
        }
    }
}

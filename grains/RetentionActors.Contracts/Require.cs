namespace RetentionActors.Contracts;

/// <summary>Guard clauses shared by the request records: each throws <see cref="ArgumentException"/> naming the field.</summary>
public static class Require
{
    /// <summary>The most a single amount may be, whatever a program allows: beyond it a value is garbage, not a sale.</summary>
    public const decimal AbsurdAmount = 1_000_000_000m;

    /// <summary>A business identifier (store, terminal, receipt, customer): 1–64 letters, digits or <c>. _ - :</c>.</summary>
    public static void Id(string? value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64
            || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':'))
        {
            throw new InvalidRequestException($"{field} must be 1 to 64 letters, digits or . _ - : characters.", field);
        }
    }

    /// <summary>Free text that must be present and not too long.</summary>
    public static void Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl))
        {
            throw new InvalidRequestException($"{field} must be 1 to {maxLength} printable characters.", field);
        }
    }

    /// <summary>A money amount above zero with at most 4 decimals and below <see cref="AbsurdAmount"/>.</summary>
    public static void PositiveAmount(decimal value, string field)
    {
        if (value <= 0m || value >= AbsurdAmount || decimal.Round(value, 4) != value)
        {
            throw new InvalidRequestException($"{field} must be above zero, below {AbsurdAmount:N0}, with at most 4 decimals; got {value}.", field);
        }
    }

    /// <summary>
    /// The furthest ahead of the silo's clock a till time may be before it is garbage rather than a till clock that
    /// is wrong. Wrong clocks closer than this are judged by the program's till-clock rule, which declines the sale
    /// with a reason and keeps it for correction, instead of refusing it as malformed.
    /// </summary>
    public static readonly TimeSpan AbsurdlyAhead = TimeSpan.FromDays(366);

    /// <summary>A till time: set, not before 2000, and not absurdly far ahead of the silo's clock (<see cref="AbsurdlyAhead"/>).</summary>
    public static void PlausibleTime(DateTimeOffset value, DateTimeOffset now, string field)
    {
        if (value == default || value.Year < 2000 || value > now.Add(AbsurdlyAhead))
        {
            throw new InvalidRequestException($"{field} {value:O} is not a plausible till time.", field);
        }
    }

    /// <summary>
    /// A till time of an operation that needs the silo at once (redemption, refund, feedback): plausible, and not more
    /// than a day ahead of the silo's clock (till clocks drift, but not by days).
    /// </summary>
    public static void RecentTillTime(DateTimeOffset value, DateTimeOffset now, string field)
    {
        PlausibleTime(value, now, field);
        if (value > now.AddDays(1))
        {
            throw new InvalidRequestException($"{field} {value:O} is more than a day ahead of the cluster's clock: check the till's clock.", field);
        }
    }

    /// <summary>
    /// A till's business day: at most one day away from the date its clock showed (a till may close its
    /// day after midnight, or open the next one early), never further.
    /// </summary>
    public static void BusinessDay(DateOnly? value, DateTimeOffset tillTime, string field)
    {
        if (value is { } day && Math.Abs(day.DayNumber - Ledger.TillDay.Of(tillTime).DayNumber) > 1)
        {
            throw new InvalidRequestException(
                $"{field} {Ledger.TillDay.Text(day)} is more than one day away from the till's date {Ledger.TillDay.Text(Ledger.TillDay.Of(tillTime))}.", field);
        }
    }
}

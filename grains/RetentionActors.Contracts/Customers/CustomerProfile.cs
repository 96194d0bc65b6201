namespace RetentionActors.Contracts.Customers;

/// <summary>The personal data a customer gave at enrollment.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Customers.CustomerProfile")]
public sealed record CustomerProfile(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? Email = null,
    [property: Id(2)] string? Phone = null,
    [property: Id(3)] DateOnly? Birthday = null,
    [property: Id(4)] bool MarketingConsent = false)
{
    /// <summary>What is left of a profile after GDPR erasure: a pseudonym and nothing that points to the person.</summary>
    public static CustomerProfile Erased { get; } = new("Erased customer");

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that is not acceptable.</summary>
    public void Validate(DateTimeOffset now)
    {
        Require.Text(DisplayName, nameof(DisplayName), 100);
        if (Email is not null && (Email.Length > 254 || !IsEmail(Email)))
        {
            throw new InvalidRequestException($"'{Email}' is not an e-mail address.", nameof(Email));
        }
        if (Phone is not null && !IsPhone(Phone))
        {
            throw new InvalidRequestException("A phone number has 5 to 20 digits, optionally a leading + and spaces or dashes.", nameof(Phone));
        }
        if (Birthday is { } day && (day > DateOnly.FromDateTime(now.UtcDateTime) || day.Year < 1900))
        {
            throw new InvalidRequestException($"Birthday {day:yyyy-MM-dd} is not a plausible date of birth.", nameof(Birthday));
        }
    }

    private static bool IsEmail(string email)
    {
        var at = email.IndexOf('@');
        return at > 0 && at == email.LastIndexOf('@') && email.IndexOf('.', at) > at + 1
            && !email.EndsWith('.') && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }

    private static bool IsPhone(string phone)
    {
        var body = phone.StartsWith('+') ? phone[1..] : phone;
        var digits = body.Count(char.IsAsciiDigit);
        return digits is >= 5 and <= 20 && body.All(c => char.IsAsciiDigit(c) || c is ' ' or '-');
    }
}
